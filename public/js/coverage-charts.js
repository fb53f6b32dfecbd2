// Draws the coverage charts with Chart.js. The numbers come from each canvas's data-chart attribute, because the
// Content-Security-Policy allows no inline script; every chart's numbers are also in a table beside it.
(function () {
  function read(canvas) {
    try {
      return JSON.parse(canvas.getAttribute('data-chart') || 'null');
    } catch {
      return null;
    }
  }

  function participation(canvas, data) {
    return new window.Chart(canvas, {
      type: 'bar',
      data: {
        labels: data.labels,
        datasets: [{ label: 'People', data: data.values, backgroundColor: '#3b5bdb' }],
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        scales: {
          x: { title: { display: true, text: 'Months served in the range' } },
          y: { beginAtZero: true, title: { display: true, text: 'People' }, ticks: { precision: 0 } },
        },
      },
    });
  }

  function shares(canvas, data) {
    return new window.Chart(canvas, {
      type: 'bar',
      data: {
        labels: data.labels,
        datasets: [
          { label: 'Share of seats (%)', data: data.seatShare, backgroundColor: '#3b5bdb' },
          { label: 'Share of headcount (%)', data: data.headcountShare, backgroundColor: '#adb5bd' },
        ],
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, title: { display: true, text: '%' } } },
      },
    });
  }

  const DRAW = { 'participation-chart': participation, 'shares-chart': shares };

  function drawAll(root) {
    if (!window.Chart) return;
    for (const [id, draw] of Object.entries(DRAW)) {
      const canvas = (root || document).querySelector('#' + id);
      if (!canvas || canvas.dataset.drawn === 'true') continue;
      const data = read(canvas);
      if (!data) continue;
      draw(canvas, data);
      canvas.dataset.drawn = 'true';
    }
  }

  document.addEventListener('DOMContentLoaded', () => drawAll(document));
  // The report can also arrive as an htmx fragment; draw whatever new canvases it brought.
  document.addEventListener('htmx:after:swap', () => drawAll(document));
})();
