/**
 * A tiny SoundFont 2 writer for the tests: samples, instruments with zones, presets with zones,
 * generators as [operator, amount] pairs (ranges as [op, lo, hi]). Writes the RIFF structure of
 * SoundFont 2.04 exactly (terminal records included), so the parser sees a real file.
 */
export type Gen = [number, number] | [number, number, number];
export interface SfSample { name: string; data: Int16Array; loopStart: number; loopEnd: number; rate: number; key: number; correction?: number }
export interface SfZone { gens: Gen[] }
export interface SfInstrument { name: string; zones: SfZone[] }
export interface SfPreset { name: string; program: number; bank: number; zones: SfZone[] }

class Bytes {
  data: number[] = [];
  u8(v: number) { this.data.push(v & 255); return this; }
  u16(v: number) { return this.u8(v).u8(v >> 8); }
  s16(v: number) { return this.u16(v < 0 ? v + 65536 : v); }
  u32(v: number) { return this.u16(v & 0xffff).u16(v >>> 16); }
  str(s: string, n: number) { for (let i = 0; i < n; i++) this.u8(i < s.length ? s.charCodeAt(i) : 0); return this; }
  raw(b: ArrayLike<number>) { for (let i = 0; i < b.length; i++) this.data.push(b[i]); return this; }
}

function chunk(id: string, body: number[]): number[] {
  const b = new Bytes().str(id, 4).u32(body.length).raw(body);
  if (body.length & 1) b.u8(0);
  return b.data;
}

function list(type: string, chunks: number[][]): number[] {
  return chunk('LIST', [...new Bytes().str(type, 4).data, ...chunks.flat()]);
}

function gens(zones: SfZone[], bag: Bytes, gen: Bytes, counter: { bags: number; gens: number }): void {
  for (const z of zones) {
    bag.u16(counter.gens).u16(0);
    counter.bags++;
    for (const g of z.gens) {
      gen.u16(g[0]);
      if (g.length === 3) gen.u8(g[1]).u8(g[2]);
      else gen.s16(g[1]);
      counter.gens++;
    }
  }
}

export function sf2Bytes(name: string, samples: SfSample[], instruments: SfInstrument[], presets: SfPreset[]): Uint8Array {
  // Sample data: each sample followed by 46 zero frames, as the standard asks.
  const smpl = new Bytes();
  const shdr = new Bytes();
  let frame = 0;
  for (const s of samples) {
    const start = frame;
    for (const x of s.data) smpl.s16(x);
    for (let i = 0; i < 46; i++) smpl.s16(0);
    frame += s.data.length + 46;
    shdr.str(s.name, 20).u32(start).u32(start + s.data.length).u32(start + s.loopStart).u32(start + s.loopEnd)
      .u32(s.rate).u8(s.key).u8((s.correction ?? 0) & 255).u16(0).u16(1);
  }
  shdr.str('EOS', 20).u32(0).u32(0).u32(0).u32(0).u32(0).u8(0).u8(0).u16(0).u16(0);

  const inst = new Bytes(); const ibag = new Bytes(); const igen = new Bytes();
  const ic = { bags: 0, gens: 0 };
  for (const i of instruments) {
    inst.str(i.name, 20).u16(ic.bags);
    gens(i.zones, ibag, igen, ic);
  }
  inst.str('EOI', 20).u16(ic.bags);
  ibag.u16(ic.gens).u16(0);
  igen.u16(0).u16(0);

  const phdr = new Bytes(); const pbag = new Bytes(); const pgen = new Bytes();
  const pc = { bags: 0, gens: 0 };
  for (const p of presets) {
    phdr.str(p.name, 20).u16(p.program).u16(p.bank).u16(pc.bags).u32(0).u32(0).u32(0);
    gens(p.zones, pbag, pgen, pc);
  }
  phdr.str('EOP', 20).u16(0).u16(0).u16(pc.bags).u32(0).u32(0).u32(0);
  pbag.u16(pc.gens).u16(0);
  pgen.u16(0).u16(0);
  const mod = new Bytes().u16(0).u16(0).u16(0).u16(0).u16(0).data;

  const body = [
    ...new Bytes().str('sfbk', 4).data,
    ...list('INFO', [chunk('ifil', new Bytes().u16(2).u16(4).data), chunk('INAM', new Bytes().str(name + '\0', name.length + 1).data)]),
    ...list('sdta', [chunk('smpl', smpl.data)]),
    ...list('pdta', [
      chunk('phdr', phdr.data), chunk('pbag', pbag.data), chunk('pmod', mod), chunk('pgen', pgen.data),
      chunk('inst', inst.data), chunk('ibag', ibag.data), chunk('imod', mod), chunk('igen', igen.data), chunk('shdr', shdr.data),
    ]),
  ];
  return new Uint8Array([...new Bytes().str('RIFF', 4).u32(body.length).data, ...body]);
}

/** One period of a sine, `frames` long, as int16 (loops seamlessly over the whole sample). */
export function sineSample(frames: number, cycles: number, amplitude = 20000): Int16Array {
  return Int16Array.from({ length: frames }, (_, i) => Math.round(amplitude * Math.sin((2 * Math.PI * cycles * i) / frames)));
}
