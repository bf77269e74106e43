// Real-time contract: a Ramp is a plain struct in static memory (memory.data, reserved at compile
// time). Nothing here allocates or grows memory; every loop is bounded by the block length.

/**
 * A linear ramp from `value` to `target` in `remaining` equal steps. Sample i of a block gets the
 * value after i + 1 steps, so a ramp of R frames reaches its target on the R-th sample and the
 * per-sample step is exactly |target − start| / R.
 */
@unmanaged
export class Ramp {
  value: f64;
  target: f64;
  step: f64;
  remaining: i32;

  /** Jump to `v` with no ramp (reset, or a voice whose memory is about to be reused). */
  cut(v: f64): void {
    this.value = v;
    this.target = v;
    this.step = 0;
    this.remaining = 0;
  }

  /** Ramp from the current value to `target` over `frames`. Same target: no-op (a running ramp goes on). */
  to(target: f64, frames: i32): void {
    if (target == this.target) return;
    this.target = target;
    this.remaining = frames;
    this.step = (target - this.value) / <f64>frames;
  }

  /** At 0 and staying there: callers skip the work this ramp scales. */
  isSilent(): bool {
    return this.value == 0 && this.target == 0;
  }

  /** Write the gains of the next `n` samples (f32) to `dst`; does not advance. */
  fill(dst: usize, n: i32): void {
    let i = 0;
    const r = this.remaining;
    const m = min(r, n);
    for (; i < m; i++) {
      // The last step lands on the target exactly (value + step × r can miss it by an ulp).
      const v = i + 1 == r ? this.target : this.value + this.step * <f64>(i + 1);
      store<f32>(dst + (<usize>i << 2), <f32>v);
    }
    const t = <f32>this.target;
    const tv = f32x4.splat(t);
    for (; i + 4 <= n; i += 4) v128.store(dst + (<usize>i << 2), tv);
    for (; i < n; i++) store<f32>(dst + (<usize>i << 2), t);
  }

  /** Move `n` samples on. */
  advance(n: i32): void {
    if (this.remaining <= n) {
      this.value = this.target;
      this.step = 0;
      this.remaining = 0;
    } else {
      this.value += this.step * <f64>n;
      this.remaining -= n;
    }
  }
}
