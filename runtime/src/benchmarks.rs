//! The pallets `quarry-node benchmark pallet` measures (built with `--features
//! runtime-benchmarks`). Each line names the pallet as the CLI's `--pallet` takes it and where its
//! benchmarks run; `scripts/benchmark-weights.sh` turns every one into its `weights.rs`.

frame_benchmarking::define_benchmarks!(
    [pallet_quarry_staking, Staking]
    [pallet_quarry_mining, Mining]
    [pallet_quarry_rewards, Rewards]
    [pallet_quarry_reputation, Reputation]
    [pallet_quarry_tasks, Tasks]
    [pallet_quarry_governance, Governance]
    [pallet_quarry_aura_equivocation, AuraEquivocation]
);
