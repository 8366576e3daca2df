// A polkadot.js client with no custom types uses the proof market: it prepares a Poseidon-chain
// task input (x and n: plain bytes, no hashing on the client), submits the task with an offer
// through `tasks.submitTask`, reads the `Submitted` event (task id, the input commitment the
// chain computed natively, the input itself), the task from storage and the escrow hold, then
// reads it through the quarry_task / quarry_tasks / quarry_reputation RPC, then cancels it and
// reads the refund from the `Cancelled` event.
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { u8aConcat, u8aToHex, bnToU8a } from '@polkadot/util';

const [url] = process.argv.slice(2);
const provider = new WsProvider(url);
const api = await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
const keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
const dapp = keyring.addFromUri('//Bob//stash'); // endowed in the dev preset

const POSEIDON_CHAIN = 2;
// x = 7 (32-byte little-endian field element), n = 1000 (u32 LE).
const input = u8aConcat(bnToU8a(7, { bitLength: 256, isLe: true }), bnToU8a(1000, { bitLength: 32, isLe: true }));
const UNIT = 10n ** 12n;
const offer = {
  minPrice: UNIT, maxPrice: 2n * UNIT, rampBlocks: 10, lockBlocks: 20, deadlineBlocks: 100,
  collateral: 5n * UNIT,
};

const waitFor = (tx, signer, pick, what) => new Promise((resolve, reject) => {
  tx.signAndSend(signer, ({ status, events, dispatchError }) => {
    if (dispatchError) return reject(new Error(`${what}: dispatch error ${dispatchError}`));
    if (status.isInBlock) {
      const found = events.map(({ event }) => pick(event)).find((x) => x);
      return found ? resolve({ block: status.asInBlock.toHex(), event: found }) : reject(new Error(`${what}: no event`));
    }
  }).catch(reject);
});

const submitted = await waitFor(
  // A hex string is the raw bytes (a Uint8Array would be read as already length-prefixed).
  api.tx.tasks.submitTask(POSEIDON_CHAIN, u8aToHex(input), offer, 0, 'Race'), dapp,
  (event) => api.events.tasks.Submitted.is(event) && event, 'submitTask');
const { task, commitment, input: echoed } = submitted.event.data;
if (u8aToHex(echoed) !== u8aToHex(input)) throw new Error('the event does not carry the input');
if (commitment.toU8a().every((b) => b === 0)) throw new Error('no commitment');
const stored = await api.query.tasks.tasks(task);
if (stored.isNone || !stored.unwrap().dapp.eq(dapp.address)) throw new Error('task not in storage');
const holds = await api.query.balances.holds(dapp.address);
const escrow = holds.find((h) => h.id.isTasks && h.id.asTasks.isEscrow);
if (!escrow || escrow.amount.toBigInt() !== offer.maxPrice) throw new Error(`escrow hold ${escrow}`);

// Quarry's market RPC without custom definitions: the raw provider.
const viaRpc = await provider.send('quarry_task', [task.toNumber()]);
if (viaRpc.status.state !== 'open' || BigInt(viaRpc.currentPrice) < offer.minPrice) {
  throw new Error(`quarry_task: ${JSON.stringify(viaRpc)}`);
}
const mine = await provider.send('quarry_tasks', [{ dapp: dapp.address, open: true }, 0, 10]);
if (!mine.some((t) => t.id === task.toNumber())) throw new Error('quarry_tasks does not list the task');
const reputation = await provider.send('quarry_reputation', [dapp.address]);
if (!(reputation.scorePpm > 0)) throw new Error(`quarry_reputation: ${JSON.stringify(reputation)}`);

const cancelled = await waitFor(api.tx.tasks.cancelTask(task), dapp,
  (event) => api.events.tasks.Cancelled.is(event) && event, 'cancelTask');
if (cancelled.event.data.refund.toBigInt() !== offer.maxPrice) throw new Error('refund');

console.log(JSON.stringify({
  client: '@polkadot/api', task: task.toNumber(), commitment: commitment.toHex(),
  priceAtRpc: viaRpc.currentPrice, submittedIn: submitted.block, cancelledIn: cancelled.block,
  refund: cancelled.event.data.refund.toString(), ok: true,
}));
await api.disconnect();
