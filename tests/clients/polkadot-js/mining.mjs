// A polkadot.js client with no custom types uses Quarry's own pallets: it reads the mining
// epoch from storage, signs a puzzle solution (mined offline by quarry-prover) with the miner's
// hot key and lands it unsigned through `mining.submitSolution`, registers a new hot key with a
// signed `mining.setHotKey` and lands a solution signed by it, sends a signed
// `mining.setMinerAccount` and its acceptance, and calls the `quarry_pendingRewards` RPC through
// the raw provider.
import { execFileSync } from 'node:child_process';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex, hexToU8a, stringToU8a, u8aConcat } from '@polkadot/util';

const [url, prover] = process.argv.slice(2);
const provider = new WsProvider(url);
const api = await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
const keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
const stash = keyring.addFromUri('//Alice//stash'); // bonded in the dev preset: may mine; its
// own key is its hot key there
const bob = keyring.addFromUri('//Bob');
const bobStash = keyring.addFromUri('//Bob//stash'); // endowed: can pay the acceptance's fee

// Work from storage, decoded from metadata alone.
const epoch = await api.query.mining.currentEpoch();
const target = (await api.query.mining.currentProofTarget()).toBigInt();
const k = (await api.query.mining.puzzleK()).toNumber();
const challenge = epoch.challenge.toHex().slice(2);

// Mine solutions offline with twice the margin (the target may move before they land).
const mined = execFileSync(prover, [
  'mine', '--k', String(k), '--challenge', challenge, '--miner', u8aToHex(stash.publicKey).slice(2),
  '--target', String(target * 2n), '--max-solutions', '2', '--threads', '1',
], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n').map((l) => JSON.parse(l));
const found = mined[0];
// The call's argument type from metadata: { solution, slot, signature }.
const argType = api.tx.mining.submitSolution.meta.args[0].type.toString();
// What the hot key signs: "quarry/solution/v1" ‖ SCALE(solution) ‖ slot.
const signedSubmission = (scaleHex, slot, hotKey) => {
  const solution = hexToU8a('0x' + scaleHex);
  const payload = u8aConcat(stringToU8a('quarry/solution/v1'), solution, new Uint8Array([slot]));
  return api.createType(argType, { solution, slot, signature: hotKey.sign(payload) });
};

const waitFor = (tx, signer, eventCheck, what) => new Promise((resolve, reject) => {
  const callback = ({ status, events, dispatchError }) => {
    if (dispatchError) return reject(new Error(`${what}: dispatch error ${dispatchError}`));
    if (status.isInBlock) {
      if (!events.some(({ event }) => eventCheck(event))) return reject(new Error(`${what}: no event`));
      resolve(status.asInBlock.toHex());
    }
  };
  (signer ? tx.signAndSend(signer, callback) : tx.send(callback)).catch(reject);
});

// Unsigned: no fee; signed by the miner's hot key. The extrinsic's own event says it was queued;
// the block's end verifies its opening and books it (SolutionAccepted, in the finalization phase).
const landed = async (submission, nonce, what) => {
  const block = await waitFor(api.tx.mining.submitSolution(submission), null,
    (event) => api.events.mining.SolutionQueued.is(event) && event.data.nonce.toNumber() === nonce, what);
  const events = await (await api.at(block)).query.system.events();
  const accepted = events.find(({ phase, event }) => phase.isFinalization
    && api.events.mining.SolutionAccepted.is(event) && event.data.nonce.toNumber() === nonce
    && event.data.miner.eq(stash.address));
  if (!accepted) throw new Error(`${what}: no SolutionAccepted at the end of block ${block}`);
  return block;
};
const solutionBlock = await landed(signedSubmission(found.solution_scale, 0, stash), found.nonce, 'submitSolution');

// The miner account registers another hot key (a signed call of its own), and solutions signed by
// the new key land.
const hot = keyring.addFromUri('//Alice//stash//hot');
await waitFor(api.tx.mining.setHotKey(u8aToHex(hot.publicKey)), stash,
  (event) => api.events.mining.HotKeySet.is(event) && event.data.miner.eq(stash.address), 'setHotKey');
const registered = await api.query.mining.hotKeys(stash.address);
if (registered.isNone || u8aToHex(registered.unwrap().toU8a()) !== u8aToHex(hot.publicKey)) {
  throw new Error(`hot key not registered: ${registered}`);
}
const hotBlock = await landed(signedSubmission(mined[1].solution_scale, 1, hot), mined[1].nonce,
  'submitSolution with the new hot key');
const stats = await api.query.mining.minerStats(epoch.index, stash.address);
if (stats.isNone || stats.unwrap().solutions.toNumber() < 1) throw new Error('miner stats not updated');

// Signed, two steps: a validator-style account proposes its miner account, the miner accepts.
await waitFor(api.tx.mining.setMinerAccount(bobStash.address), bob,
  (event) => api.events.mining.MinerAccountProposed.is(event), 'setMinerAccount');
const minerBlock = await waitFor(api.tx.mining.acceptMinerAccount(bob.address), bobStash,
  (event) => api.events.mining.MinerAccountSet.is(event) && event.data.owner.eq(bob.address),
  'acceptMinerAccount');

// Quarry's RPC without custom definitions: the raw provider.
const pending = await provider.send('quarry_pendingRewards', [stash.address]);
if (!(BigInt(pending) > 0n)) throw new Error(`pending rewards ${pending}`);

console.log(JSON.stringify({
  client: '@polkadot/api', solutionArgType: argType, solutionQuality: found.quality,
  solutionIncludedIn: solutionBlock, hotKeySolutionIncludedIn: hotBlock,
  setMinerAccountIncludedIn: minerBlock,
  stashPendingRewards: pending, ok: true,
}));
await api.disconnect();
