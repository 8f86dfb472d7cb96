import { createBatcher } from '../../src/store/batch';

describe('createBatcher', () => {
  it('runs the requests made in one turn of the loop as one batch, each caller getting its own result', async () => {
    const batches: number[][] = [];
    const b = createBatcher<number, number>({
      exec: async (items) => {
        batches.push(items);
        return items.map((i) => i * 2);
      },
    });
    const results = await Promise.all([1, 2, 3].map((i) => b.run(i)));
    expect(results).toEqual([2, 4, 6]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('splits at maxSize and keeps at most maxInFlight statements running', async () => {
    let running = 0;
    let most = 0;
    const sizes: number[] = [];
    const b = createBatcher<number, number>({
      maxSize: 2,
      maxInFlight: 2,
      exec: async (items) => {
        running += 1;
        most = Math.max(most, running);
        sizes.push(items.length);
        await new Promise((r) => setTimeout(r, 5));
        running -= 1;
        return items;
      },
    });
    expect(await Promise.all([1, 2, 3, 4, 5, 6, 7].map((i) => b.run(i)))).toEqual([
      1, 2, 3, 4, 5, 6, 7,
    ]);
    expect(most).toBe(2);
    expect(sizes.every((s) => s <= 2)).toBe(true);
  });

  it('when a batch fails, runs each item alone so one bad item does not fail the others', async () => {
    const b = createBatcher<number, number>({
      exec: async () => {
        throw new Error('deadlock');
      },
      single: async (i) => {
        if (i === 2) throw new Error('bad 2');
        return i;
      },
    });
    const settled = await Promise.allSettled([1, 2, 3].map((i) => b.run(i)));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('without single, every caller of a failed batch gets its error', async () => {
    const b = createBatcher<number, number>({
      exec: async () => Promise.reject(new Error('down')),
    });
    await expect(Promise.all([b.run(1), b.run(2)])).rejects.toThrow('down');
  });
});
