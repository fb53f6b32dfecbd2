// The problem form's people picker: a search hit's "Add" puts the person on the list as a hidden field,
// and "×" takes them off again. Without JavaScript the list keeps the people already chosen.
document.addEventListener('click', (event) => {
  const add = event.target.closest('[data-add-person]');
  if (add) {
    const list = document.getElementById('affected-people');
    if (!list || list.querySelector(`input[value="${CSS.escape(add.dataset.id)}"]`)) return;
    const item = document.createElement('li');
    item.className = 'chip';
    const input = document.createElement('input');
    input.type = 'hidden';
    input.name = 'affectedPeople';
    input.value = add.dataset.id;
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'link';
    remove.dataset.removeChip = '';
    remove.setAttribute('aria-label', `Remove ${add.dataset.name}`);
    remove.textContent = '×';
    item.append(input, `${add.dataset.name} `, remove);
    list.append(item);
    return;
  }
  const remove = event.target.closest('[data-remove-chip]');
  if (remove) remove.closest('li')?.remove();
});

// Enter in a search box searches; it must not submit the whole problem form.
document.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && event.target.matches?.('input[type="search"]')) event.preventDefault();
});
