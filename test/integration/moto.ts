// The moto helper lives in bench/ (compiled with the benchmarks, which need it too).
export { motoEnv, startMoto, type Moto } from '../../bench/moto.js'
