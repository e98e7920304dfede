/**
 * Store benchmark: filtered and ordered lists straight from the store (no
 * GraphQL, no HTTP), as each request's resolvers ask for them. Shows what a
 * list costs and how much the garbage collector works for it: a list made
 * for one request must not be kept (see sortedBy in src/store/key-lists.ts).
 *
 *   npm run bench:store -- [--calls 300000]
 *
 * Per kind of list: its mean length, µs per call (process CPU time), and the garbage
 * collector's pauses during the calls (count and total, by kind: minor
 * is the young generation's scavenger, major the full mark-compact).
 */
import { parseArgs } from 'node:util';
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { createStore } from '../src/store/index.ts';
import type { KeyList } from '../src/store/key-lists.ts';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '300000' } } });
const calls = Number(values.calls);
if (!Number.isInteger(calls) || calls < 1) {
  console.error(`--calls must be a whole number of at least 1; got "${values.calls}".`);
  process.exit(2);
}

const store = createStore();
const events = [...store.events.keys()].slice(0, 6);
const regions = ['asia', 'africa', 'europe', 'americas', 'oceania'];
const countries = [...new Set([...store.parties.values()].map((party) => party.country))].slice(0, 6);

/** The lists measured: one condition (a stored list, its sorted copy kept) and two (an intersection made per call). */
const cases: [string, (i: number) => KeyList][] = [
  ['parties of a country, by name', (i) => store.partyList({ country: countries[i % countries.length] })],
  ['parties of a region that attended an event', (i) => store.partyList({ region: regions[i % regions.length], attended: events[i % events.length] })],
  ['people of a country who attended an event', (i) => store.personList({ country: countries[i % countries.length], attended: events[i % events.length] })],
  ['events in a year range', (i) => store.eventList({ from: `${2015 + (i % 8)}-01-01`, to: `${2016 + (i % 8)}-12-31` })],
];

let gc: PerformanceEntry[] = [];
const observer = new PerformanceObserver((list) => void gc.push(...list.getEntries()));
observer.observe({ entryTypes: ['gc'] });
const settle = () => new Promise((resolve) => setTimeout(resolve, 50)); // let the observer deliver

console.log(`store benchmark: ${calls.toLocaleString('en')} calls per kind of list`);
console.log('| list | keys per list | µs/call | minor GCs | minor ms | major GCs | major ms |');
console.log('|---|---|---|---|---|---|---|');
for (const [label, call] of cases) {
  for (let i = 0; i < 2000; i++) call(i); // warm-up
  await settle();
  gc = [];
  let sink = 0;
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < calls; i++) sink += call(i).length;
  const cpu = process.cpuUsage(cpu0);
  await settle();
  const ofKind = (k: number) => gc.filter((entry) => (entry as PerformanceEntry & { detail?: { kind: number } }).detail?.kind === k);
  const ms = (entries: PerformanceEntry[]) => entries.reduce((total, entry) => total + entry.duration, 0).toFixed(0);
  const [minor, major] = [ofKind(constants.NODE_PERFORMANCE_GC_MINOR), ofKind(constants.NODE_PERFORMANCE_GC_MAJOR)];
  const perCall = ((cpu.user + cpu.system) / calls).toFixed(2);
  console.log(`| ${label} | ${(sink / calls).toFixed(1)} | ${perCall} | ${minor.length} | ${ms(minor)} | ${major.length} | ${ms(major)} |`);
}
observer.disconnect();
