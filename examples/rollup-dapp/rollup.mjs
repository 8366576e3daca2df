// A mini-rollup that settles on Quarry. The rollup keeps its state in a Poseidon Merkle tree of
// depth 20 that the chain never holds; each batch of 32 writes is a `merkle-batch` task: the
// dApp posts the batch (old root and writes, 1,184 bytes, no path hints), a prover on the market
// rebuilds the tree from the chain's history, proves `old root -> new root`, and the chain
// verifies the proof and pays it. The dApp learns its new root from the `Proved` event: a result
// it can trust without recomputing a single hash.
//
// Unmodified polkadot.js, no custom types: calls and events come from the node's metadata. The
// only Poseidon value the dApp needs, the empty tree's root, comes from the node
// (`quarry_circuits`), so there is no second copy of the math here.
//
//   npm ci && node rollup.mjs [ws://127.0.0.1:9944] [batches] [secret URI]
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { u8aConcat, u8aToHex, hexToU8a, bnToU8a } from '@polkadot/util';

const [url = 'ws://127.0.0.1:9944', batchesArg = '2', secret = '//Bob'] = process.argv.slice(2);
const provider = new WsProvider(url);
const api = await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
const keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
const dapp = keyring.addFromUri(secret);

const merkle = (await provider.send('quarry_circuits', [])).find((c) => c.name === 'merkle-batch');
const UNIT = 10n ** 12n;
const offer = {
  minPrice: UNIT / 2n, maxPrice: 2n * UNIT, rampBlocks: 10, lockBlocks: 20, deadlineBlocks: 100,
  collateral: UNIT,
};

// A random leaf: 31 random bytes and a zero top byte, so it is a canonical field element (little
// endian, below the Pallas base field modulus).
const randomLeaf = () => {
  const leaf = new Uint8Array(32);
  crypto.getRandomValues(leaf.subarray(0, 31));
  return leaf;
};
const randomIndex = () => crypto.getRandomValues(new Uint32Array(1))[0] % 2 ** merkle.depth;

// Every `Proved` event of the finalized blocks, by task id; `provedEvent(id)` waits for one.
const proved = new Map();
const waiting = new Map();
const unsubscribe = await api.rpc.chain.subscribeFinalizedHeads(async (header) => {
  const events = await (await api.at(header.hash)).query.system.events();
  for (const { event } of events) {
    if (!api.events.tasks.Proved.is(event)) continue;
    const id = event.data.task.toNumber();
    proved.set(id, { block: header.number.toNumber(), event });
    waiting.get(id)?.(proved.get(id));
  }
});
const provedEvent = (id) => proved.get(id) ?? new Promise((resolve) => waiting.set(id, resolve));

// Submits a task and resolves with its id once it is in a block.
const submit = (input) => new Promise((resolve, reject) => {
  api.tx.tasks.submitTask(merkle.id, u8aToHex(input), offer, 0, 'Lock')
    .signAndSend(dapp, ({ status, events, dispatchError }) => {
      if (dispatchError) return reject(new Error(`submitTask: ${dispatchError}`));
      if (status.isInBlock) {
        const submitted = events.find(({ event }) => api.events.tasks.Submitted.is(event));
        return submitted ? resolve(submitted.event.data.task.toNumber()) : reject(new Error('no Submitted event'));
      }
    }).catch(reject);
});

let root = hexToU8a(merkle.emptyRoot); // every rollup starts from the empty tree
console.error(`rollup of ${dapp.address} at ${url}: depth ${merkle.depth}, ${merkle.writes} writes per batch`);
const results = [];
for (let batch = 0; batch < Number(batchesArg); batch++) {
  const writes = Array.from({ length: merkle.writes }, () =>
    u8aConcat(bnToU8a(randomIndex(), { bitLength: 32, isLe: true }), randomLeaf()));
  const input = u8aConcat(root, ...writes);
  const started = Date.now();
  const task = await submit(input);
  const outcome = await provedEvent(task);
  const { outputs, price, fee, prover } = outcome.event.data;
  // What the chain verified: the proof binds the outputs to the input commitment it computed
  // from exactly our bytes, so the new root is the root after our writes.
  if (outputs.length !== 1) throw new Error(`expected one output (the new root), got ${outputs.length}`);
  const newRoot = outputs[0].toU8a();
  if (u8aToHex(newRoot) === u8aToHex(root)) throw new Error('the root did not move');
  results.push({
    batch, task, oldRoot: u8aToHex(root), newRoot: u8aToHex(newRoot), prover: prover.toString(),
    price: price.toString(), protocolFee: fee.toString(), provedIn: outcome.block,
    latencySeconds: (Date.now() - started) / 1000,
  });
  console.error(`batch ${batch}: task ${task} proved by ${prover} in block #${outcome.block}, ` +
    `${((Date.now() - started) / 1000).toFixed(1)} s after submission, price ${Number(price.toBigInt()) / 1e12} QRY`);
  root = newRoot; // the next batch builds on the verified root
}
console.log(JSON.stringify({ client: '@polkadot/api', rollup: dapp.address, batches: results, ok: true }));
unsubscribe();
await api.disconnect();
