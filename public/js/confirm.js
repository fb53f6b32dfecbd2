// Irreversible actions (closing a problem, publishing a month) ask first. The question is the form's data-confirm.
document.addEventListener('submit', (event) => {
  const question = event.target.dataset?.confirm;
  if (question && !window.confirm(question)) event.preventDefault();
});
