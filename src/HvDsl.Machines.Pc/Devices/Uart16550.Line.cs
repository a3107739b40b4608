using System;
using HvDsl.Runtime.Serial;

namespace HvDsl.Machines.Pc;

/// <summary>
/// The modem side: a host <see cref="Line"/> opened while the guest holds DTR (outside loopback), its carrier shown as
/// DCD, DSR and CTS with their delta bits, what it receives fed to the receiver and what the guest transmits sent on it.
/// </summary>
public sealed partial class Uart16550
{
    /// <summary>The far end of the line; null leaves the modem inputs low and transmitted bytes only on <see cref="Console"/>.</summary>
    public ISerialLine? Line { get; set; }

    /// <summary>Polls <see cref="Line"/>: bytes it received reach the receiver, its carrier the modem status; call it on the vCPU's thread.</summary>
    public void PollLine()
    {
        if (Line is not { } line) return;
        line.Poll();
        FollowCarrier(line);
        FillReceiver();
        UpdateInterrupt();
    }

    /// <summary>Waits at most <paramref name="timeout"/> for the open line to have something for the guest; at once when it is closed.</summary>
    public void WaitForLine(TimeSpan timeout)
    {
        if (Line is { IsOpen: true } line) line.WaitForActivity(timeout);
    }

    // The chip's DTR pin is inactive in loopback, so entering it drops the line as dropping DTR does.
    private void FollowDtr()
    {
        if (Line is not { } line) return;
        if (MCR_DTR && !MCR_Loop) line.Open();
        else line.Close();
        FollowCarrier(line);
    }

    private void FollowCarrier(ISerialLine line)
    {
        if (MCR_Loop) return;
        var carrier = line.Carrier;
        MSR_DCTS |= MSR_CTS != carrier;
        MSR_DDSR |= MSR_DSR != carrier;
        MSR_DDCD |= MSR_DCD != carrier;
        MSR_CTS = MSR_DSR = MSR_DCD = carrier;
    }

    private bool TakeFromLine(out byte value)
    {
        value = 0;
        return Line is { } line && line.TryRead(out value);
    }
}
