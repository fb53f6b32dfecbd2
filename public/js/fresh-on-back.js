// A page the browser restores from its back/forward cache shows the state it had when it was left: a plan run may
// have started or finished since, and a Publish button may no longer be safe. Such a page is loaded afresh.
window.addEventListener('pageshow', (event) => {
  if (event.persisted) window.location.reload();
});
