// A polkadot.js client with no custom types: reads the node's metadata, signs a transfer with the
// well-known dev key, waits for inclusion and checks the event and the balance change.
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';

const url = process.argv[2] ?? 'ws://127.0.0.1:9944';
const api = await ApiPromise.create({ provider: new WsProvider(url), noInitWarn: true, throwOnConnect: true });
const keyring = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 });
const alice = keyring.addFromUri('//Alice');
const bob = keyring.addFromUri('//Bob');
const amount = 1_000_000_000_000n;
const freeOf = async (who) => (await api.query.system.account(who)).data.free.toBigInt();

const before = await freeOf(bob.address);
const blockHash = await new Promise((resolve, reject) => {
  api.tx.balances.transferKeepAlive(bob.address, amount)
    .signAndSend(alice, ({ status, events, dispatchError }) => {
      if (dispatchError) return reject(new Error(`dispatch error: ${dispatchError}`));
      if (status.isInBlock) {
        const transferred = events.some(({ event }) => api.events.balances.Transfer.is(event));
        if (!transferred) return reject(new Error('no balances.Transfer event'));
        resolve(status.asInBlock.toHex());
      }
    })
    .catch(reject);
});
const after = await freeOf(bob.address);
if (after - before !== amount) throw new Error(`Bob's balance moved by ${after - before}, expected ${amount}`);
console.log(JSON.stringify({
  client: '@polkadot/api', chain: (await api.rpc.system.chain()).toString(),
  specName: api.runtimeVersion.specName.toString(), tokenSymbol: api.registry.chainTokens[0],
  signedExtensions: api.registry.signedExtensions, transferIncludedIn: blockHash, ok: true,
}));
await api.disconnect();
