/** The network view (/explore) in a real browser: search, draw the 2021 summit's neighbourhood, expand a party by clicking it. */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, useBrowserSession, type GuardedPage, type Server } from './harness.ts';

const SUMMIT = 'CPC and World Political Parties Summit (2021)';
const PARTY = 'African National Congress';

const session = useBrowserSession();
let server: Server;
let guarded: GuardedPage;
let page: Page;
beforeAll(() => {
  ({ server, guarded, page } = session);
});

interface Drawn {
  nodes: { id: string; type: string; name: string; expanded: boolean }[];
  edges: { source: string; target: string; label: string; kind: string }[];
}

/** What cytoscape has drawn (read through the page's debugging handle). */
function drawn(): Promise<Drawn> {
  return page.evaluate(() => {
    const { cy } = (window as any).summitGraph;
    return {
      nodes: cy.nodes().map((node: any) => ({ id: node.id(), type: node.data('type'), name: node.data('name'), expanded: node.hasClass('expanded') })),
      edges: cy.edges().map((edge: any) => ({ source: edge.source().id(), target: edge.target().id(), label: edge.data('label'), kind: edge.classes()[0] })),
    };
  });
}

const ready = () => page.locator('body[data-state="ready"]').waitFor();

describe('/explore', () => {
  it('finds the 2021 summit by search and draws its neighbourhood', async () => {
    await page.goto(`${server.url}/explore`);
    await ready();
    await page.getByLabel('Start from').fill('World Political Parties Summit 2021');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('button', { name: SUMMIT, exact: true }).click();
    await page.getByRole('heading', { level: 2, name: SUMMIT, exact: true }).waitFor();
    await ready();

    const graph = await drawn();
    const summit = graph.nodes.find((node) => node.name === 'CPC and World Political Parties Summit');
    expect(summit).toMatchObject({ type: 'Event', expanded: true });
    expect(new URL(page.url()).searchParams.get('node')).toBe(summit!.id);
    // Parties (participations as edges into the event), its host country, organizer and speakers.
    const types = new Set(graph.nodes.map((node) => node.type));
    expect([...types].sort()).toEqual(expect.arrayContaining(['Country', 'Event', 'Organization', 'Party', 'Person']));
    const participants = graph.edges.filter((edge) => edge.kind === 'participation' && edge.target === summit!.id);
    expect(participants.length).toBeGreaterThanOrEqual(30);
    const anc = graph.nodes.find((node) => node.name === PARTY);
    expect(anc).toMatchObject({ type: 'Party', expanded: false });
    expect(graph.edges.some((edge) => edge.source === anc!.id && edge.target === summit!.id)).toBe(true);
    await expect(page.locator('#status').textContent()).resolves.toMatch(new RegExp(`^${graph.nodes.length} nodes, ${graph.edges.length} edges`));
    await page.screenshot({ path: join(ARTIFACTS, 'explore-summit-2021.png') });
  });

  it('expands a party when its node is clicked', async () => {
    const before = await drawn();
    const anc = before.nodes.find((node) => node.name === PARTY)!;
    // Click the node where cytoscape drew it.
    const point = await page.evaluate((id) => {
      const { cy } = (window as any).summitGraph;
      const position = cy.getElementById(id).renderedPosition();
      const box = cy.container().getBoundingClientRect();
      return { x: box.left + position.x, y: box.top + position.y };
    }, anc.id);
    await page.mouse.click(point.x, point.y);
    await page.getByRole('heading', { level: 2, name: PARTY, exact: true }).waitFor();
    await ready();

    const after = await drawn();
    expect(after.nodes.find((node) => node.id === anc.id)?.expanded).toBe(true);
    expect(after.nodes.length).toBeGreaterThan(before.nodes.length);
    const southAfrica = after.nodes.find((node) => node.name === 'South Africa');
    expect(southAfrica?.type).toBe('Country');
    expect(after.edges).toContainEqual({ source: anc.id, target: southAfrica!.id, label: 'based in', kind: 'located' });
    const ramaphosa = after.nodes.find((node) => node.name === 'Cyril Ramaphosa');
    expect(after.edges.some((edge) => edge.source === ramaphosa?.id && edge.target === anc.id && edge.kind === 'office')).toBe(true);
    await expect(page.locator('#details').textContent()).resolves.toContain('South Africa');
    await page.screenshot({ path: join(ARTIFACTS, 'explore-party-expanded.png') });
  });

  it('shows the API error in the page when a node cannot be found', async () => {
    await page.goto(`${server.url}/explore?node=${encodeURIComponent('not-an-id')}`);
    await page.locator('body[data-state="error"]').waitFor();
    await expect(page.getByRole('alert').textContent()).resolves.toBe('Could not load from the API: The API knows no node with this ID.');
  });

  it('sent no request outside 127.0.0.1 and logged no errors', () => {
    expect(guarded.outside).toEqual([]);
    expect(guarded.requested.some((url) => url.endsWith('/explore/cytoscape.min.js'))).toBe(true);
    expect(guarded.errors).toEqual([]);
  });
});
