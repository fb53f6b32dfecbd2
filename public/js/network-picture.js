// Draws the cabal network with sigma.js (WebGL) on a graphology graph. Positions come from the server, which lays
// the network out once per version (ForceAtlas2), so the browser only draws. Filters work on the graph already
// loaded: no request per change. Finding a person asks the server, which searches names as the rest of the app does.
(function () {
  const container = document.getElementById('network-picture');
  if (!container) return;
  const status = document.getElementById('network-status');
  const controls = document.getElementById('network-controls');
  const departmentSelect = document.getElementById('network-department');
  const fromSelect = document.getElementById('network-from');
  const toSelect = document.getElementById('network-to');
  const search = document.getElementById('network-search');
  const names = document.getElementById('network-names');
  const reset = document.getElementById('network-reset');
  const panel = document.getElementById('network-focus');
  const legend = document.getElementById('network-legend');
  const DIM = '#dfe3ea';

  const state = { department: '', from: 0, to: 0, focus: null };
  let data;
  let graph;
  let renderer;
  // Person id → node key (a Map: ids are user data).
  let nodeByPerson = new Map();

  function say(text) {
    status.textContent = text;
  }

  async function load() {
    for (;;) {
      const res = await fetch(container.dataset.src, { headers: { accept: 'application/json' } });
      if (res.status === 202) {
        say('Laying out the network… (done once after each publish)');
        await new Promise((r) => setTimeout(r, 1000));
        continue;
      }
      if (!res.ok) throw new Error('The network picture could not be loaded (' + res.status + ').');
      return res.json();
    }
  }

  // Nodes are keyed 'n<index>' with the person's id as an attribute: graphology keeps neighbours in plain objects,
  // where a person id such as "__proto__" or "constructor" would break it.
  function nodeKey(index) {
    return 'n' + index;
  }

  function build() {
    graph = new window.graphology.UndirectedGraph();
    data.nodes.forEach(([id, name, d, x, y, b], index) => {
      graph.addNode(nodeKey(index), {
        person: id,
        label: name,
        x,
        y,
        department: data.departments[d].id,
        color: data.departments[d].color,
        betweenness: b,
        measure: b,
        active: true,
        size: 2,
      });
    });
    data.edges.forEach(([s, t, months], i) => {
      graph.addEdgeWithKey('e' + i, nodeKey(s), nodeKey(t), { months, weight: months.length, size: 1 });
    });
    nodeByPerson = new Map(data.nodes.map(([id], index) => [id, nodeKey(index)]));
    state.from = 0;
    state.to = data.months.length - 1;
  }

  // Weight of each edge inside the chosen months; edges with none are hidden.
  function applyMonths() {
    graph.updateEachEdgeAttributes((_e, attr) => {
      let w = 0;
      for (const m of attr.months) if (m >= state.from && m <= state.to) w++;
      return { ...attr, weight: w, size: 0.4 + 0.8 * w };
    });
  }

  // The whole network, all months: sizes show betweenness, computed on the server. A narrower view (some months, one
  // department) is another network: sizes show how many people each served with inside it (degree centrality, on
  // the loaded edges), and people with no one in it are greyed.
  function filtered() {
    return state.department !== '' || state.from > 0 || state.to < data.months.length - 1;
  }

  function applySizes() {
    const narrow = filtered();
    let max = 0;
    graph.forEachNode((node, attr) => {
      let measure = attr.betweenness;
      if (narrow) {
        measure = 0;
        if (!state.department || attr.department === state.department)
          graph.forEachEdge(node, (_e, a, s, t) => {
            const other = s === node ? t : s;
            if (a.weight > 0 && (!state.department || graph.getNodeAttribute(other, 'department') === state.department))
              measure++;
          });
      }
      graph.mergeNodeAttributes(node, { measure, active: !narrow || measure > 0 });
      max = Math.max(max, measure);
    });
    let largest = '';
    let dimmed = 0;
    let best = -1;
    graph.forEachNode((node, attr) => {
      graph.setNodeAttribute(node, 'size', 2 + 12 * Math.sqrt(attr.measure / (max || 1)));
      if (!visibleNode(node, attr)) return;
      if (!attr.active) dimmed++;
      if (attr.measure > best) {
        best = attr.measure;
        largest = node;
      }
    });
    container.dataset.sizing = narrow ? 'contacts' : 'betweenness';
    container.dataset.largest = best > 0 ? graph.getNodeAttribute(largest, 'person') : '';
    container.dataset.dimmed = String(dimmed);
  }

  function sizingText() {
    if (!filtered()) return 'Size: betweenness over all published months.';
    const where = state.department ? 'in ' + data.departments.find((d) => d.id === state.department).name + ', ' : '';
    const capped = data.edges.length < data.totalEdges ? ' (counted on the loaded edges)' : '';
    return (
      'Size: people served with ' +
      where +
      monthLabel(state.from) +
      (state.to !== state.from ? ' to ' + monthLabel(state.to) : '') +
      capped +
      '; grey: no one in this view.'
    );
  }

  function monthLabel(i) {
    const option = fromSelect.querySelector('option[value="' + data.months[i] + '"]');
    return option ? option.textContent : data.months[i];
  }

  function visibleNode(node, attr) {
    if (state.focus && (node === state.focus || graph.areNeighbors(node, state.focus))) return true;
    return !state.department || attr.department === state.department;
  }

  function nodeReducer(node, attr) {
    const out = { ...attr };
    if (!visibleNode(node, attr)) return { ...out, hidden: true };
    if (!attr.active) out.color = DIM;
    if (state.focus) {
      if (node === state.focus) return { ...out, highlighted: true, forceLabel: true, zIndex: 2 };
      if (graph.areNeighbors(node, state.focus)) return { ...out, forceLabel: true, zIndex: 1 };
      return { ...out, color: DIM, label: '', zIndex: 0 };
    }
    return out;
  }

  function edgeReducer(edge, attr) {
    if (attr.weight === 0) return { ...attr, hidden: true };
    const [s, t] = graph.extremities(edge);
    if (state.focus) {
      if (s !== state.focus && t !== state.focus) return { ...attr, hidden: true };
      return { ...attr, color: '#5d6677' };
    }
    if (!visibleNode(s, graph.getNodeAttributes(s)) || !visibleNode(t, graph.getNodeAttributes(t)))
      return { ...attr, hidden: true };
    return attr;
  }

  function countDrawn() {
    let people = 0;
    let edges = 0;
    graph.forEachNode((n, a) => {
      if (visibleNode(n, a)) people++;
    });
    graph.forEachEdge((e, a, s, t) => {
      if (a.weight === 0) return;
      if (state.focus) {
        if (s === state.focus || t === state.focus) edges++;
      } else if (visibleNode(s, graph.getNodeAttributes(s)) && visibleNode(t, graph.getNodeAttributes(t))) edges++;
    });
    return { people, edges };
  }

  function refresh() {
    renderer.refresh();
    const drawn = countDrawn();
    const capped = data.edges.length < data.totalEdges ? ' (the strongest ' + data.edges.length + ' are loaded)' : '';
    say(
      drawn.people +
        ' people shown; ' +
        drawn.edges +
        ' of ' +
        data.totalEdges +
        ' edges drawn' +
        capped +
        '. ' +
        sizingText(),
    );
    container.dataset.drawnEdges = String(drawn.edges);
    container.dataset.focus = state.focus ? graph.getNodeAttribute(state.focus, 'person') : '';
  }

  function showPanel() {
    if (!state.focus) {
      panel.hidden = true;
      panel.replaceChildren();
      return;
    }
    const attr = graph.getNodeAttributes(state.focus);
    const department = data.departments.find((d) => d.id === attr.department);
    const contacts = [];
    graph.forEachEdge(state.focus, (_e, a, s, t) => {
      if (a.weight > 0) contacts.push({ id: s === state.focus ? t : s, weight: a.weight });
    });
    contacts.sort((x, y) => y.weight - x.weight);
    const h = document.createElement('h2');
    h.textContent = attr.label;
    const p = document.createElement('p');
    p.className = 'muted';
    p.textContent =
      (department ? department.name : '') +
      ' · ' +
      contacts.length +
      (contacts.length === 1 ? ' contact' : ' contacts');
    const links = document.createElement('p');
    const page = document.createElement('a');
    const person = encodeURIComponent(attr.person);
    page.href = '/people/' + person;
    page.textContent = 'Profile';
    const path = document.createElement('a');
    path.href = '/network/path?to=' + person;
    path.textContent = 'How can I meet them?';
    links.append(page, ' · ', path);
    if (container.dataset.impact === 'true') {
      const impact = document.createElement('a');
      impact.href = '/people/' + person + '/impact';
      impact.textContent = 'If they left';
      links.append(' · ', impact);
    }
    const list = document.createElement('ol');
    list.className = 'network-contacts';
    for (const c of contacts.slice(0, 12)) {
      const li = document.createElement('li');
      li.textContent =
        graph.getNodeAttribute(c.id, 'label') + ' — ' + c.weight + (c.weight === 1 ? ' month' : ' months');
      list.append(li);
    }
    panel.replaceChildren(h, p, links, list);
    panel.hidden = false;
  }

  function focus(node) {
    state.focus = node;
    showPanel();
    refresh();
    if (node) {
      const pos = renderer.getNodeDisplayData(node);
      if (pos) renderer.getCamera().animate({ x: pos.x, y: pos.y, ratio: 0.3 }, { duration: 300 });
    } else {
      renderer.getCamera().animate({ x: 0.5, y: 0.5, ratio: 1 }, { duration: 300 });
    }
  }

  // The people whose name matches the text, by the app's people search: [{ id, name, departmentName }], best first.
  async function find(text) {
    const res = await fetch(container.dataset.find + '?' + new URLSearchParams({ q: text }).toString(), {
      headers: { accept: 'application/json' },
    });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error(body.error || 'The search failed (' + res.status + ').');
    return body.people.filter((p) => nodeByPerson.has(p.id));
  }

  // Several people match: list them in the side panel, and focus the one chosen.
  function offerChoices(text, people) {
    state.focus = null;
    refresh();
    const h = document.createElement('h2');
    h.textContent = 'Which “' + text + '” do you mean?';
    const list = document.createElement('ul');
    list.className = 'choices';
    list.id = 'network-choices';
    for (const p of people) {
      const li = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'link';
      button.dataset.person = p.id;
      button.textContent = p.name;
      button.addEventListener('click', () => focus(nodeByPerson.get(p.id)));
      const department = document.createElement('span');
      department.className = 'muted';
      department.textContent = ' ' + p.departmentName;
      li.append(button, department);
      list.append(li);
    }
    panel.replaceChildren(h, list);
    panel.hidden = false;
    say(people.length + ' people match “' + text + '”: choose one.');
  }

  function fillControls() {
    const options = document.createDocumentFragment();
    for (const [, name] of data.nodes) {
      const o = document.createElement('option');
      o.value = name;
      options.append(o);
    }
    names.replaceChildren(options);
    const items = document.createDocumentFragment();
    for (const d of data.departments) {
      const li = document.createElement('li');
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = d.color;
      li.append(swatch, d.name);
      items.append(li);
    }
    legend.replaceChildren(items);
  }

  controls.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = search.value.trim();
    if (!text || !renderer) return;
    find(text).then(
      (people) => {
        // One person, or one whose whole name is the text (case and accents aside), is focused at once.
        const folded = (name) => name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
        const exact = people.filter((p) => folded(p.name) === folded(text));
        const one = exact.length === 1 ? exact[0] : people.length === 1 ? people[0] : null;
        if (one) focus(nodeByPerson.get(one.id));
        else if (people.length === 0) say('No one called “' + text + '” is in the network.');
        else offerChoices(text, people);
      },
      (error) => say(error.message),
    );
  });
  departmentSelect.addEventListener('change', () => {
    state.department = departmentSelect.value;
    applySizes();
    refresh();
  });
  function monthsChanged() {
    const from = data.months.indexOf(fromSelect.value);
    const to = data.months.indexOf(toSelect.value);
    state.from = Math.min(from, to);
    state.to = Math.max(from, to);
    applyMonths();
    applySizes();
    showPanel();
    refresh();
  }
  fromSelect.addEventListener('change', monthsChanged);
  toSelect.addEventListener('change', monthsChanged);
  reset.addEventListener('click', () => {
    search.value = '';
    departmentSelect.value = '';
    state.department = '';
    applySizes();
    focus(null);
  });

  load()
    .then((loaded) => {
      data = loaded;
      build();
      applyMonths();
      applySizes();
      fillControls();
      renderer = new window.Sigma(graph, container, {
        nodeReducer,
        edgeReducer,
        hideEdgesOnMove: graph.size > 5000,
        labelRenderedSizeThreshold: 9,
        defaultEdgeColor: '#c5cbd6',
        zIndex: true,
      });
      renderer.on('clickNode', ({ node }) => focus(node));
      renderer.on('clickStage', () => focus(null));
      container.dataset.ready = 'true';
      refresh();
    })
    .catch((error) => {
      say(error.message);
    });
})();
