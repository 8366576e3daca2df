// A polkadot.js client with no custom types uses Quarry's own pallets: it reads the mining
// epoch from storage, lands an unsigned puzzle solution (mined offline by quarry-prover) through
// `mining.submitSolution`, sends a signed `mining.setMinerAccount` and its acceptance, and calls the
// `quarry_pendingRewards` RPC through the raw provider.
import { execFileSync } from 'node:child_process';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex, hexToU8a } from '@polkadot/util';

const [url, prover] = process.argv.slice(2);
const provider = new WsProvider(url);
const api = await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
const keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
const stash = keyring.addFromUri('//Alice//stash'); // bonded in the dev preset: may mine
const bob = keyring.addFromUri('//Bob');
const bobStash = keyring.addFromUri('//Bob//stash'); // endowed: can pay the acceptance's fee

// Work from storage, decoded from metadata alone.
const epoch = await api.query.mining.currentEpoch();
const target = (await api.query.mining.currentProofTarget()).toBigInt();
const k = (await api.query.mining.puzzleK()).toNumber();
const challenge = epoch.challenge.toHex().slice(2);

// Mine one solution offline with twice the margin (the target may move before it lands).
const line = execFileSync(prover, [
  'mine', '--k', String(k), '--challenge', challenge, '--miner', u8aToHex(stash.publicKey).slice(2),
  '--target', String(target * 2n), '--max-solutions', '1', '--threads', '1',
], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')[0];
const found = JSON.parse(line);
const argType = api.tx.mining.submitSolution.meta.args[0].type.toString();
const solution = api.createType(argType, hexToU8a('0x' + found.solution_scale));

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

// Unsigned: no key, no fee; the runtime verifies it through the host function.
const solutionBlock = await waitFor(api.tx.mining.submitSolution(solution), null,
  (event) => api.events.mining.SolutionAccepted.is(event) && event.data.miner.eq(stash.address),
  'submitSolution');
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
  solutionIncludedIn: solutionBlock, setMinerAccountIncludedIn: minerBlock,
  stashPendingRewards: pending, ok: true,
}));
await api.disconnect();
