import { resolvePython } from '../grader/process/python.js'
import { batchClassCost } from './batch-class.js'

// `npm run bench:batch`: only the class benchmark; BENCH_CLASS_SIZE and BENCH_JOBS="4,8" change what it runs
const python = await resolvePython()
const extraJobs = (process.env.BENCH_JOBS ?? '').split(',').filter(Boolean).map(Number)
batchClassCost(python.executable, { size: Number(process.env.BENCH_CLASS_SIZE ?? 100), extraJobs })
