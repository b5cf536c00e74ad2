/** A seeded Binomial(n, p) sampler (sfc32 uniforms, geometric gaps between successes: exact, O(n·p)). */
export function seededBinomial(seed: number): (n: number, p: number) => number {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const uniform = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return ((t >>> 0) + 0.5) / 4294967296;
  };
  for (let i = 0; i < 20; i++) uniform();
  return (n, p) => {
    if (p <= 0) return 0;
    const logQ = Math.log1p(-p);
    let successes = 0;
    let position = Math.floor(Math.log(uniform()) / logQ);
    while (position < n) {
      successes++;
      position += 1 + Math.floor(Math.log(uniform()) / logQ);
    }
    return successes;
  };
}
