using System;
using System.Threading;

namespace HvDsl.Machines.Pc;

/// <summary>
/// Host input delivered as the machine's clock runs, not only when the guest looks: <see cref="PollHostInput"/> moves
/// queued host bytes into the receiver and raises the receive interrupt, so a guest asleep in HLT is woken by a key.
/// </summary>
public sealed partial class Uart16550
{
    /// <summary>Whether host input may still arrive: bytes are queued, or <see cref="Input"/> has not ended.</summary>
    public bool ExpectsHostInput
    {
        get
        {
            // The end first: a reader seen to have ended has queued all it read, so its last byte cannot slip between the reads.
            var ended = Input is null || Volatile.Read(ref _inputEnded);
            return !_hostInput.IsEmpty || !ended;
        }
    }

    /// <summary>Moves queued host bytes into the receiver (starting the <see cref="Input"/> reader) and updates the interrupt; call it on the vCPU's thread.</summary>
    public void PollHostInput()
    {
        FillReceiver();
        UpdateInterrupt();
    }

    /// <summary>Waits at most <paramref name="timeout"/> for host bytes to be queued or <see cref="Input"/> to end.</summary>
    public void WaitForHostInput(TimeSpan timeout) =>
        SpinWait.SpinUntil(() => !_hostInput.IsEmpty || _inputPump is null || Volatile.Read(ref _inputEnded), timeout);
}
