using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;

namespace HvDsl.Machines.Pc;

/// <summary>
/// The 16550's behaviour: instantaneous transmit to <see cref="Console"/>, a receiver FIFO filled from bytes the host
/// passes to <see cref="Receive"/>, the four prioritised interrupt sources, OUT2 gating and loopback.
/// </summary>
/// <remarks>Host bytes reach the receiver when the guest looks (RBR, LSR or IIR), so the device is only touched on the vCPU's thread.</remarks>
public sealed partial class Uart16550
{
    private const int FifoDepth = 16;
    private static readonly int[] TriggerLevels = [1, 4, 8, 14];

    private readonly ConcurrentQueue<byte> _hostInput = new();
    private readonly Queue<byte> _receiver = new();
    private bool _transmitterEmptyPending;

    /// <summary>Where transmitted bytes go; null drops them.</summary>
    public Stream? Console { get; set; }

    /// <summary>Queues bytes from the host for the guest to receive; safe to call from any thread.</summary>
    public void Receive(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes) _hostInput.Enqueue(b);
    }

    partial void OnReceive(ref byte value)
    {
        FillReceiver();
        if (_receiver.TryDequeue(out var received)) _rbr = received;
        value = _rbr;
        FillReceiver();
        UpdateInterrupt();
    }

    // Transmission takes no time, so THR and the shift register are empty again at once (LSR THRE and TEMT stay set).
    partial void OnTransmit(byte value)
    {
        if (MCR_Loop) Loop(value);
        else if (Console is { } console)
        {
            console.WriteByte(value);
            console.Flush();
        }
        _transmitterEmptyPending = true;
        UpdateInterrupt();
    }

    // IER bits 4-7 always read 0; enabling ETBEI while THR is empty raises the THRE interrupt at once (datasheet Table IV).
    partial void OnInterruptEnable(byte value)
    {
        _ier = (byte)(value & 0x0F);
        if (IER_ETBEI && LSR_THRE) _transmitterEmptyPending = true;
        UpdateInterrupt();
    }

    // Reading IIR while it reports THR empty is what clears that interrupt (datasheet Table IV, "Reset control").
    partial void OnInterruptIdentify(ref byte value)
    {
        FillReceiver();
        UpdateInterrupt();
        value = _iir;
        if ((value & 0x0F) == 0x02)
        {
            _transmitterEmptyPending = false;
            UpdateInterrupt();
        }
    }

    // The reset bits clear themselves (datasheet FCR bits 1 and 2).
    partial void OnFifoControl(byte value)
    {
        if (FCR_RcvrFifoReset || !FCR_FifoEnable) _receiver.Clear();
        _fcr = (byte)(_fcr & ~0x06);
        FillReceiver();
        UpdateInterrupt();
    }

    // In loopback the modem outputs drive the modem status inputs: RTS→CTS, DTR→DSR, OUT1→RI, OUT2→DCD.
    partial void OnModemControl(byte value)
    {
        if (MCR_Loop)
        {
            var status = (byte)(((_mcr & 0x02) << 3) | ((_mcr & 0x01) << 5) | ((_mcr & 0x04) << 4) | ((_mcr & 0x08) << 4));
            var deltas = (byte)((((status ^ _msr) >> 4) & 0x0B) | ((_msr & ~status & 0x40) >> 4));
            _msr = (byte)(status | (_msr & 0x0F) | deltas);
        }
        UpdateInterrupt();
    }

    partial void OnLineStatus(ref byte value)
    {
        FillReceiver();
        value = (byte)((value & ~0x01) | (_receiver.Count > 0 ? 0x01 : 0));
        UpdateInterrupt();
    }

    private int ReceiverCapacity => FCR_FifoEnable ? FifoDepth : 1;

    // A full receiver leaves host bytes queued (as if the host respected flow control) rather than overrunning.
    private void FillReceiver()
    {
        if (MCR_Loop) return;
        while (_receiver.Count < ReceiverCapacity && _hostInput.TryDequeue(out var b)) _receiver.Enqueue(b);
        LSR_DR = _receiver.Count > 0;
    }

    // A looped-back byte that finds the receiver full is lost and flags an overrun, as on the chip.
    private void Loop(byte value)
    {
        if (_receiver.Count < ReceiverCapacity) _receiver.Enqueue(value);
        else LSR_OE = true;
        LSR_DR = true;
    }

    // Datasheet Table IV priorities: line status, received data (or FIFO timeout), THR empty, modem status.
    private void UpdateInterrupt()
    {
        int? id =
            IER_ELSI && (_lsr & 0x1E) != 0 ? 3 :
            IER_ERBFI && _receiver.Count > 0 ? (FCR_FifoEnable && _receiver.Count < TriggerLevels[(int)FCR_RcvrTrigger] ? 6 : 2) :
            IER_ETBEI && _transmitterEmptyPending ? 1 :
            IER_EDSSI && (_msr & 0x0F) != 0 ? 0 :
            null;
        _iir = (byte)((FCR_FifoEnable ? 0xC0 : 0) | (id is { } source ? source << 1 : 0x01));
        // PC boards route INTR to the PIC through a buffer enabled by OUT2.
        if (id is not null && MCR_Out2) Interrupt?.Raise();
        else Interrupt?.Lower();
    }
}
