import type { FixtureStudent } from './class-fixture.js'

/** The assignment the demo class handed in: the textbook's first exercise */
export const DEMO_CLASS_ASSIGNMENT = 'uppercase-udp'

// The class `sockgrade demo` grades with `sockgrade batch`: a dozen students laid out as a Canvas export, built from
// the reference and its broken variants; one hangs until every check's deadline, one handed in a zip, one handed in
// no program, one is late with a resubmission
export const DEMO_CLASS: readonly FixtureStudent[] = [
  { id: '3001', name: 'Ada Lovelace', work: 'solution' },
  { id: '3002', name: 'Alan Turing', work: 'solution', late: true, resubmissions: 1 },
  { id: '3003', name: 'Grace Hopper', work: 'solution', archive: 'zip' },
  { id: '3004', name: 'Edsger Dijkstra', work: { broken: 'server-lowercases' } },
  { id: '3005', name: 'Barbara Liskov', work: { broken: 'client-prints-own-uppercase' } },
  { id: '3006', name: 'Donald Knuth', work: { broken: 'one-shot-server' } },
  { id: '3007', name: 'Radia Perlman', work: { broken: 'client-uses-tcp' } },
  { id: '3008', name: 'Ken Thompson', work: { broken: 'client-receives-before-sending' } },
  { id: '3009', name: 'Vint Cerf', work: 'hang' },
  { id: '3010', name: 'Margaret Hamilton', work: 'empty' },
  { id: '3011', name: 'John Backus', work: 'solution' },
  { id: '3012', name: 'Frances Allen', work: { broken: 'server-lowercases' }, archive: 'tgz' },
]
