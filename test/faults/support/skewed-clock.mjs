// Preloaded into a Kelisim process of the faults suite (`node --import`) to put its clock off by
// KELISIM_FAULT_CLOCK_SKEW_MS: `Date.now()` and `new Date()` (so the platform's Clock and BullMQ's
// timers alike) read that much ahead (or behind, when negative). Dates from a value are untouched.
const skew = Number(process.env.KELISIM_FAULT_CLOCK_SKEW_MS ?? 0);
if (skew) {
  const RealDate = globalThis.Date;
  const realNow = RealDate.now.bind(RealDate);
  const skewedNow = () => realNow() + skew;
  const SkewedDate = new Proxy(RealDate, {
    construct(target, args, newTarget) {
      return Reflect.construct(target, args.length === 0 ? [skewedNow()] : args, newTarget === SkewedDate ? target : newTarget);
    },
    apply() {
      return new RealDate(skewedNow()).toString();
    },
    get(target, property, receiver) {
      return property === 'now' ? skewedNow : Reflect.get(target, property, receiver);
    },
  });
  globalThis.Date = SkewedDate;
}
