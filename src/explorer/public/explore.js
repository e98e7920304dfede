/**
 * summit-graph's network view. Plain browser JavaScript with no build step:
 * explore.html loads cytoscape (served from node_modules) first, then this
 * file. Everything shown comes from the GraphQL API at the endpoint named by
 * <body data-endpoint>: search picks the start node, a node's neighbourhood
 * is one query, and a click on a node (or on a name in the side panel)
 * expands that node in turn.
 */
// `cytoscape` is the global that cytoscape.min.js defines (declared in eslint.config.js).
'use strict';

const endpoint = document.body.dataset.endpoint || '/graphql';

/** The API's largest page, as the queries in explore.graphql ask for it. */
const PAGE = 100;

/** The page's GraphQL document (explore.graphql), fetched once. */
const queries = fetch('/explore/explore.graphql').then((response) => {
  if (!response.ok) throw new Error(`/explore/explore.graphql answered ${response.status}.`);
  return response.text();
});

/** Runs one operation of explore.graphql; rejects with the API's own error messages. */
async function graphql(operationName, variables) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
    body: JSON.stringify({ query: await queries, operationName, variables }),
  });
  let body;
  try {
    body = await response.json();
  } catch {
    throw new Error(`The API answered ${response.status} ${response.statusText} without a GraphQL response.`);
  }
  if (body.errors && body.errors.length > 0) {
    throw new Error(body.errors.map((error) => error.message).join('\n'));
  }
  if (!response.ok) throw new Error(`The API answered ${response.status} ${response.statusText}.`);
  return body.data;
}

/* ---------- the drawing ---------- */

const cy = cytoscape({
  container: document.getElementById('graph'),
  wheelSensitivity: 0.3,
  minZoom: 0.1,
  maxZoom: 4,
  style: [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        'font-size': 9,
        color: '#1b1b1b',
        'text-valign': 'bottom',
        'text-margin-y': 3,
        'text-wrap': 'ellipsis',
        'text-max-width': 120,
        'text-outline-color': '#fafafa',
        'text-outline-width': 2,
        width: 20,
        height: 20,
      },
    },
    { selector: 'node[type = "Event"]', style: { shape: 'star', 'background-color': '#c99700', width: 38, height: 38, 'font-weight': 'bold' } },
    { selector: 'node[type = "Party"]', style: { shape: 'ellipse', 'background-color': '#c62828', width: 22, height: 22 } },
    { selector: 'node[type = "Person"]', style: { shape: 'triangle', 'background-color': '#1565c0' } },
    { selector: 'node[type = "Country"]', style: { shape: 'hexagon', 'background-color': '#2e7d32', width: 26, height: 24 } },
    { selector: 'node[type = "Organization"]', style: { shape: 'diamond', 'background-color': '#6a1b9a', width: 24, height: 24 } },
    { selector: 'node.expanded', style: { 'border-width': 3, 'border-color': '#1b1b1b' } },
    { selector: 'node:selected', style: { 'overlay-color': '#0b57d0', 'overlay-opacity': 0.3, 'overlay-padding': 7, 'font-size': 11 } },
    {
      selector: 'edge',
      style: {
        width: 1.2,
        'curve-style': 'bezier',
        'line-color': '#b8b8b8',
        'target-arrow-shape': 'triangle',
        'target-arrow-color': '#b8b8b8',
        'arrow-scale': 0.7,
        'font-size': 8,
        color: '#333',
        'text-rotation': 'autorotate',
        'text-background-color': '#fafafa',
        'text-background-opacity': 0.9,
        'text-background-padding': 1,
      },
    },
    { selector: 'edge.participation', style: { 'line-color': '#e3a3a3', 'target-arrow-color': '#e3a3a3' } },
    { selector: 'edge.office', style: { 'line-style': 'dashed', 'line-color': '#86acd9', 'target-arrow-color': '#86acd9' } },
    { selector: 'edge.former', style: { 'line-style': 'dotted' } },
    { selector: 'edge.near', style: { label: 'data(label)', width: 2.2 } },
  ],
});

/** Panel contents of every expanded node, by ID. */
const details = new Map();
/** Expansions under way, by node ID. */
const pending = new Map();

function labelOf(ref) {
  if (ref.__typename === 'Event') return `${ref.name} (${ref.year})`;
  return ref.name || ref.id;
}

function addNode(ref) {
  if (!cy.getElementById(ref.id).empty()) return;
  cy.add({ group: 'nodes', data: { id: ref.id, type: ref.__typename, label: labelOf(ref), name: ref.name } });
}

/**
 * Adds an edge `source -> target` of a kind (participation, office, …) and
 * a label, once; both ends are added as nodes if they are new.
 */
function addEdge(source, target, kind, label, extraClass) {
  addNode(source);
  addNode(target);
  const id = `${kind}|${source.id}|${target.id}|${label}`;
  if (!cy.getElementById(id).empty()) return;
  cy.add({ group: 'edges', data: { id, source: source.id, target: target.id, label }, classes: extraClass ? [kind, extraClass] : [kind] });
}

const roleLabel = (role) => role.toLowerCase();
const speechLabel = (speech) => (speech.order ? `speech #${speech.order}` : 'speech');
const officeClass = (position) => (position.former ? 'former' : undefined);
const officeLabel = (position) => (position.former ? `${position.title} (former)` : position.title);

/**
 * Draws the neighbourhood of `node` (an API answer) and returns what the
 * panel lists: its facts, its neighbours grouped by relation, and notes.
 */
function drawNeighbourhood(node) {
  const facts = [];
  const groups = new Map();
  const notes = [];
  const link = (relation, ref) => {
    if (!ref) return;
    if (!groups.has(relation)) groups.set(relation, new Map());
    groups.get(relation).set(ref.id, ref);
  };
  const page = (connection, what) => {
    if (connection.totalCount > connection.nodes.length) {
      notes.push(`Showing ${connection.nodes.length} of ${connection.totalCount} ${what} (the API's pages hold at most ${PAGE}).`);
    }
    return connection.nodes;
  };
  // Shared by parties, countries and organizations: who held their offices.
  const drawOfficeHolders = (owner) => {
    for (const position of owner.positions) {
      addEdge(position.person, owner, 'office', officeLabel(position), officeClass(position));
      link('Office holders', position.person);
    }
  };
  // Shared by parties and organizations: the events they took part in, and their delegates.
  const drawEventsAttended = (participant) => {
    for (const participation of page(participant.participations, 'participations')) {
      addEdge(participant, participation.event, 'participation', roleLabel(participation.role));
      link('Events', participation.event);
      for (const delegate of participation.delegates) {
        addEdge(delegate, participation.event, 'delegate', 'delegate');
        link('Delegates', delegate);
      }
    }
  };
  const fact = (name, value) => {
    if (value !== null && value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0)) {
      facts.push([name, Array.isArray(value) ? value.join('; ') : String(value)]);
    }
  };

  addNode(node);
  switch (node.__typename) {
    case 'Event': {
      fact('Date', node.endDate && node.endDate !== node.startDate ? `${node.startDate} – ${node.endDate}` : node.startDate || node.year);
      fact('Kind', node.eventKind.toLowerCase().replaceAll('_', ' '));
      fact('Format', node.format.toLowerCase().replaceAll('_', ' '));
      fact('Theme', node.theme);
      if (node.hostCountry) {
        addEdge(node.hostCountry, node, 'host', 'host country');
        link('Host country', node.hostCountry);
      }
      for (const organizer of node.organizers) {
        addEdge(organizer, node, 'organizer', 'organizer');
        link('Organizers', organizer);
      }
      if (node.chair) {
        addEdge(node.chair, node, 'chair', 'chair');
        link('Chair', node.chair);
      }
      if (node.partOf) {
        addEdge(node, node.partOf, 'part-of', 'part of');
        link('Part of', node.partOf);
      }
      for (const participation of page(node.participations, 'participations')) {
        const participants = participation.party || participation.organization ? [participation.party || participation.organization] : participation.delegates;
        for (const participant of participants) {
          addEdge(participant, node, 'participation', roleLabel(participation.role));
          link(`Participants: ${roleLabel(participation.role)}`, participant);
        }
      }
      for (const speech of page(node.speeches, 'speeches')) {
        addEdge(speech.speaker, node, 'speech', speechLabel(speech));
        link('Speakers', speech.speaker);
      }
      break;
    }
    case 'Party': {
      fact('Abbreviation', node.abbreviation);
      fact('Also called', node.alternateNames);
      if (node.country) {
        addEdge(node, node.country, 'located', 'based in');
        link('Country', node.country);
      }
      drawOfficeHolders(node);
      drawEventsAttended(node);
      break;
    }
    case 'Person': {
      fact('Also written', node.alternateNames);
      if (node.country) {
        addEdge(node, node.country, 'located', 'from');
        link('Country', node.country);
      }
      for (const position of node.positions) {
        const body = position.party || position.organization || position.country;
        if (!body) continue;
        addEdge(node, body, 'office', officeLabel(position), officeClass(position));
        link('Offices in', body);
      }
      for (const participation of page(node.participations, 'participations')) {
        addEdge(node, participation.event, 'delegate', 'delegate');
        link('Events attended', participation.event);
      }
      for (const speech of page(node.speeches, 'speeches')) {
        addEdge(node, speech.event, 'speech', speechLabel(speech));
        link('Speeches at', speech.event);
      }
      break;
    }
    case 'Country': {
      fact('Region', [node.region, node.subregion].filter(Boolean).join(', '));
      for (const party of page(node.parties, 'parties')) {
        addEdge(party, node, 'located', 'based in');
        link('Parties', party);
      }
      for (const person of page(node.people, 'people')) {
        addEdge(person, node, 'located', 'from');
        link('People', person);
      }
      for (const event of page(node.hostedEvents, 'hosted events')) {
        addEdge(node, event, 'host', 'host country');
        link('Hosted events', event);
      }
      drawOfficeHolders(node);
      break;
    }
    case 'Organization': {
      fact('Abbreviation', node.abbreviation);
      fact('Kind', node.organizationKind.toLowerCase().replaceAll('_', ' '));
      if (node.country) {
        addEdge(node, node.country, 'located', 'based in');
        link('Country', node.country);
      }
      if (node.party) {
        addEdge(node, node.party, 'body-of', 'body of');
        link('Party', node.party);
      }
      drawOfficeHolders(node);
      for (const event of page(node.organizedEvents, 'organized events')) {
        addEdge(node, event, 'organizer', 'organizer');
        link('Organized', event);
      }
      drawEventsAttended(node);
      break;
    }
    default:
      notes.push(`A ${node.__typename} has no neighbourhood to draw.`);
  }
  return { id: node.id, type: node.__typename, label: labelOf(node), facts, groups, notes };
}

/** Lays the graph out: rings around the start node at first, then a force-directed layout that starts from where nodes are. */
function layout(firstDraw, centreId) {
  const options = firstDraw
    ? {
        name: 'concentric',
        concentric: (node) => (node.id() === centreId ? 2 : 1),
        levelWidth: () => 1,
        minNodeSpacing: 12,
        animate: false,
        padding: 30,
      }
    : {
        name: 'cose',
        randomize: false,
        animate: false,
        nodeDimensionsIncludeLabels: true,
        idealEdgeLength: () => 90,
        nodeRepulsion: () => 800000,
        gravity: 0.2,
        numIter: 1500,
        padding: 30,
      };
  cy.layout(options).run();
  cy.fit(undefined, 30);
}

/* ---------- state, panel and interaction ---------- */

const $ = (id) => document.getElementById(id);

function setState(state) {
  document.body.dataset.state = state;
}

function showError(error) {
  const box = $('error');
  box.textContent = error ? `Could not load from the API: ${error.message}` : '';
  box.hidden = !error;
  if (error) setState('error');
}

function updateStatus() {
  const nodes = cy.nodes().length;
  const edges = cy.edges().length;
  $('status').textContent = `${nodes} node${nodes === 1 ? '' : 's'}, ${edges} edge${edges === 1 ? '' : 's'}; ${details.size} expanded.`;
}

function button(text, onClick) {
  const element = document.createElement('button');
  element.type = 'button';
  element.textContent = text;
  element.addEventListener('click', onClick);
  return element;
}

/** Shows a node's facts and neighbours (each a button that selects and expands it). */
function renderDetails(info) {
  const panel = $('details');
  panel.replaceChildren();
  const heading = document.createElement('h2');
  heading.textContent = info.label;
  const kind = document.createElement('div');
  kind.className = 'kind';
  kind.textContent = info.type;
  panel.append(heading, kind);
  if (info.facts.length > 0) {
    const list = document.createElement('dl');
    for (const [name, value] of info.facts) {
      const term = document.createElement('dt');
      term.textContent = name;
      const definition = document.createElement('dd');
      definition.textContent = value;
      list.append(term, definition);
    }
    panel.append(list);
  }
  for (const [relation, refs] of info.groups) {
    const title = document.createElement('h3');
    title.textContent = `${relation} (${refs.size})`;
    const list = document.createElement('ul');
    for (const ref of refs.values()) {
      const item = document.createElement('li');
      item.append(button(labelOf(ref), () => select(ref.id)));
      list.append(item);
    }
    panel.append(title, list);
  }
  for (const note of info.notes) {
    const paragraph = document.createElement('p');
    paragraph.className = 'hint';
    paragraph.textContent = note;
    panel.append(paragraph);
  }
}

/** Fetches and draws a node's neighbourhood, once; later calls reuse it. */
function expand(id) {
  if (details.has(id)) return Promise.resolve(details.get(id));
  if (pending.has(id)) return pending.get(id);
  const firstDraw = cy.nodes().length <= 1;
  setState('loading');
  const work = graphql('ExplorerNeighbourhood', { id })
    .then((data) => {
      if (!data.node) throw new Error('The API knows no node with this ID.');
      let info;
      cy.batch(() => {
        const before = cy.getElementById(id);
        const anchor = before.empty() ? { x: 0, y: 0 } : { ...before.position() };
        const existing = new Set(cy.nodes().map((node) => node.id()));
        info = drawNeighbourhood(data.node);
        // New neighbours start next to the node they hang from.
        cy.nodes()
          .filter((node) => !existing.has(node.id()))
          .forEach((node, index) => {
            const angle = index * 2.4;
            node.position({ x: anchor.x + 60 * Math.cos(angle), y: anchor.y + 60 * Math.sin(angle) });
          });
        cy.getElementById(id).addClass('expanded');
      });
      details.set(id, info);
      layout(firstDraw, id);
      return info;
    })
    .finally(() => pending.delete(id));
  pending.set(id, work);
  return work;
}

/** Selects a node: highlights it and its edges, expands it, and shows it in the panel. */
function select(id) {
  showError(null);
  cy.elements(':selected').unselect();
  cy.edges('.near').removeClass('near');
  return expand(id)
    .then((info) => {
      const node = cy.getElementById(id);
      node.select();
      node.connectedEdges().addClass('near');
      renderDetails(info);
      updateStatus();
      setState('ready');
    })
    .catch(showError);
}

/** Clears the graph and starts again from one node. */
function start(id) {
  cy.elements().remove();
  details.clear();
  const url = new URL(location.href);
  url.searchParams.delete('q');
  url.searchParams.set('node', id);
  history.replaceState(null, '', url);
  return select(id);
}

async function search(text) {
  showError(null);
  setState('loading');
  const data = await graphql('ExplorerSearch', { text });
  const list = $('result-list');
  list.replaceChildren();
  for (const { node } of data.search.edges) {
    const item = document.createElement('li');
    const where = node.__typename === 'Country' ? node.region : node.country && node.country.name;
    const hit = button(labelOf(node), () => {
      $('results').hidden = true;
      start(node.id);
    });
    const kind = document.createElement('span');
    kind.className = 'kind';
    kind.textContent = ` ${node.__typename}${where ? `, ${where}` : ''}`;
    item.append(hit, kind);
    list.append(item);
  }
  if (data.search.edges.length === 0) {
    const item = document.createElement('li');
    item.textContent = `Nothing matches “${text}”.`;
    list.append(item);
  }
  $('results').hidden = false;
  setState('ready');
}

cy.on('tap', 'node', (event) => {
  select(event.target.id());
});

$('search').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = $('search-text').value.trim();
  if (text) search(text).catch(showError);
});

// For debugging from the console and for the browser tests.
window.summitGraph = { cy, start, select };

const params = new URLSearchParams(location.search);
if (params.get('node')) {
  start(params.get('node'));
} else if (params.get('q')) {
  $('search-text').value = params.get('q');
  search(params.get('q')).catch(showError);
} else {
  setState('ready');
}
