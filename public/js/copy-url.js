// Copies the text of an input to the clipboard when a [data-copy] button is clicked (CSP allows no inline script).
document.addEventListener('click', async (event) => {
  const button = event.target instanceof Element ? event.target.closest('[data-copy]') : null;
  if (!button) return;
  const input = document.querySelector(button.getAttribute('data-copy'));
  if (!input) return;
  const status = button.parentElement?.querySelector('.copy-status');
  input.select();
  try {
    await navigator.clipboard.writeText(input.value);
  } catch {
    // Older browsers and insecure origins have no async clipboard; the selected text can still be copied this way.
    document.execCommand('copy');
  }
  if (status) status.textContent = 'Copied';
});
