use crate::{mock::*, Event};
use frame_support::{assert_noop, assert_ok};
use sp_runtime::{DispatchError, DispatchResult};

/// A root-only call: write a storage item.
fn set_storage(value: &[u8]) -> Box<RuntimeCall> {
    Box::new(RuntimeCall::System(frame_system::Call::set_storage {
        items: vec![(b":quarry:test".to_vec(), value.to_vec())],
    }))
}

fn last_result() -> DispatchResult {
    System::events()
        .into_iter()
        .rev()
        .find_map(|record| match record.event {
            RuntimeEvent::Governance(Event::RootDispatched { result }) => Some(result),
            _ => None,
        })
        .expect("a RootDispatched event")
}

#[test]
fn the_council_runs_a_root_call() {
    new_test_ext().execute_with(|| {
        assert_ok!(Governance::dispatch_as_root(RuntimeOrigin::signed(1), set_storage(b"yes")));
        assert_eq!(sp_io::storage::get(b":quarry:test").as_deref(), Some(&b"yes"[..]));
        assert_ok!(last_result());
    });
}

#[test]
fn nobody_else_can() {
    new_test_ext().execute_with(|| {
        assert_noop!(
            Governance::dispatch_as_root(RuntimeOrigin::signed(2), set_storage(b"no")),
            DispatchError::BadOrigin
        );
        assert_noop!(
            Governance::dispatch_as_root(RuntimeOrigin::none(), set_storage(b"no")),
            DispatchError::BadOrigin
        );
        assert_eq!(sp_io::storage::get(b":quarry:test"), None);
    });
}

#[test]
fn a_failing_call_is_reported_not_hidden() {
    new_test_ext().execute_with(|| {
        // `remark` needs a signed origin: as root it fails, and the event says so.
        let call = Box::new(RuntimeCall::System(frame_system::Call::remark_with_event {
            remark: b"hi".to_vec(),
        }));
        assert_ok!(Governance::dispatch_as_root(RuntimeOrigin::signed(1), call));
        assert_eq!(last_result(), Err(DispatchError::BadOrigin));
    });
}
