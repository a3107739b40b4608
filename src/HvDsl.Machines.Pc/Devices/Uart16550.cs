using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Threading;

namespace HvDsl.Machines.Pc;

/// <summary>
/// The 16550's behaviour: instantaneous transmit to <see cref="Console"/> (and <see cref="Line"/>), a receiver FIFO filled from bytes the host
/// passes to <see cref="Receive"/> (or the line brings), the four prioritised interrupt sources, OUT2 gating and loopback.
/// </summary>
/// <remarks>Host bytes reach the receiver when the guest looks (RBR, LSR or IIR), so the device is only touched on the vCPU's thread.</remarks>
public sealed partial class Uart16550
{
    private const int FifoDepth = 16;

    private readonly ConcurrentQueue<byte> _hostInput = new();
    private readonly Queue<byte> _receiver = new();
    private bool _transmitterEmptyPending;
    private Thread? _inputPump;

    /// <summary>Set by the <see cref="Input"/> reader once it has queued its last byte.</summary>
    private bool _inputEnded;

    /// <summary>Where transmitted bytes go; null drops them.</summary>
    public Stream? Console { get; set; }

    /// <summary>
    /// A host stream the receiver reads from (stdin, say): a background thread copies it into <see cref="Receive"/> once the
    /// guest first looks at the receiver, so a guest that never reads COM1 never consumes it.
    /// </summary>
    public Stream? Input { get; set; }

    /// <summary>Queues bytes from the host for the guest to receive; safe to call from any thread.</summary>
    public void Receive(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes) _hostInput.Enqueue(b);
    }

    // Bytes the host queued stay queued: they have not reached the chip yet.
    partial void OnReset()
    {
        _receiver.Clear();
        FollowDtr();
        _transmitterEmptyPending = false;
        UpdateInterrupt();
    }

    partial void OnSave(BinaryWriter writer)
    {
        writer.Write(_transmitterEmptyPending);
        writer.Write(_receiver.Count);
        foreach (var b in _receiver) writer.Write(b);
    }

    partial void OnRestore(BinaryReader reader)
    {
        _transmitterEmptyPending = reader.ReadBoolean();
        _receiver.Clear();
        for (var count = reader.ReadInt32(); count > 0; count--) _receiver.Enqueue(reader.ReadByte());
        // The saved connection is gone: a guest that held DTR gets a fresh one.
        Line?.Close();
        FollowDtr();
        UpdateInterrupt();
    }

    partial void OnReceive()
    {
        FillReceiver();
        if (_receiver.TryDequeue(out var received)) RBR = received;
        FillReceiver();
        UpdateInterrupt();
    }

    // Transmission takes no time, so THR and the shift register are empty again at once (LSR THRE and TEMT stay set).
    partial void OnTransmit(byte value)
    {
        if (MCR_Loop) Loop(value);
        else
        {
            Line?.Write(value);
            if (Console is { } console)
            {
                console.WriteByte(value);
                console.Flush();
            }
        }
        _transmitterEmptyPending = true;
        UpdateInterrupt();
    }

    // Enabling ETBEI while THR is empty raises the THRE interrupt at once (datasheet Table IV).
    partial void OnInterruptEnable(byte value)
    {
        if (IER_ETBEI && LSR_THRE) _transmitterEmptyPending = true;
        UpdateInterrupt();
    }

    partial void OnInterruptIdentifying()
    {
        FillReceiver();
        UpdateInterrupt();
    }

    // FIFOs enabled show as both FifosEnabled bits; with nothing pending, NotPending is set and the id is 0.
    private partial byte ComputeIIR() =>
        (byte)((FCR_FifoEnable ? RegisterMap.IIR_FifosEnabledMask : 0)
            | (PendingInterrupt() is { } id ? (byte)id << RegisterMap.IIR_InterruptIdShift : RegisterMap.IIR_NotPendingMask));

    // Reading IIR while it reports THR empty is what clears that interrupt (datasheet Table IV, "Reset control").
    partial void OnInterruptIdentify(ref byte value)
    {
        if (PendingInterrupt() != InterruptId.TransmitterEmpty) return;
        _transmitterEmptyPending = false;
        UpdateInterrupt();
    }

    // The reset bits are self-clearing: they reach this hook in the written value and are never stored.
    partial void OnFifoControl(byte value)
    {
        if ((value & RegisterMap.FCR_RcvrFifoResetMask) != 0 || !FCR_FifoEnable) _receiver.Clear();
        FillReceiver();
        UpdateInterrupt();
    }

    // In loopback the modem outputs drive the modem status inputs: RTS→CTS, DTR→DSR, OUT1→RI, OUT2→DCD.
    partial void OnModemControl(byte value)
    {
        if (MCR_Loop)
        {
            // DCTS, DDSR and DDCD flag any change; TERI only RI's trailing edge; each stays set until MSR is read.
            MSR_DCTS |= MSR_CTS != MCR_RTS;
            MSR_DDSR |= MSR_DSR != MCR_DTR;
            MSR_TERI |= MSR_RI && !MCR_Out1;
            MSR_DDCD |= MSR_DCD != MCR_Out2;
            MSR_CTS = MCR_RTS;
            MSR_DSR = MCR_DTR;
            MSR_RI = MCR_Out1;
            MSR_DCD = MCR_Out2;
        }
        FollowDtr();
        UpdateInterrupt();
    }

    // Reading MSR clears its delta bits, and with them the modem status interrupt.
    partial void OnModemStatus(ref byte value) => UpdateInterrupt();

    partial void OnLineStatusReading() => FillReceiver();

    // Reading LSR clears its error bits, and with them the line status interrupt.
    partial void OnLineStatus(ref byte value) => UpdateInterrupt();

    private int ReceiverCapacity => FCR_FifoEnable ? FifoDepth : 1;

    // A full receiver leaves host bytes queued (as if the host respected flow control) rather than overrunning.
    private void FillReceiver()
    {
        if (MCR_Loop) return;
        if (Input is { } input && _inputPump is null) StartInputPump(input);
        while (_receiver.Count < ReceiverCapacity && (_hostInput.TryDequeue(out var b) || TakeFromLine(out b))) _receiver.Enqueue(b);
        LSR_DR = _receiver.Count > 0;
    }

    // A background thread because host streams such as stdin only offer blocking reads.
    private void StartInputPump(Stream input)
    {
        _inputPump = new Thread(() =>
        {
            var buffer = new byte[256];
            try
            {
                int read;
                while ((read = input.Read(buffer)) > 0) Receive(buffer.AsSpan(0, read));
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // The host closed its end: the guest simply receives nothing more.
            }
            finally
            {
                Volatile.Write(ref _inputEnded, true);
            }
        })
        { IsBackground = true, Name = "COM1 input" };
        _inputPump.Start();
    }

    // A looped-back byte that finds the receiver full is lost and flags an overrun, as on the chip.
    private void Loop(byte value)
    {
        if (_receiver.Count < ReceiverCapacity) _receiver.Enqueue(value);
        else LSR_OE = true;
        LSR_DR = true;
    }

    // Datasheet Table IV priorities: line status, received data (or FIFO timeout), THR empty, modem status.
    private InterruptId? PendingInterrupt() =>
        IER_ELSI && (LSR_OE || LSR_PE || LSR_FE || LSR_BI) ? InterruptId.LineStatus :
        IER_ERBFI && _receiver.Count > 0
            ? FCR_FifoEnable && _receiver.Count < TriggerLevel(FCR_RcvrTrigger) ? InterruptId.CharacterTimeout : InterruptId.ReceivedData :
        IER_ETBEI && _transmitterEmptyPending ? InterruptId.TransmitterEmpty :
        IER_EDSSI && (MSR_DCTS || MSR_DDSR || MSR_TERI || MSR_DDCD) ? InterruptId.ModemStatus :
        null;

    // Bytes in the receiver FIFO that raise the received-data interrupt, by the name of FCR's setting (datasheet "FIFO Control Register");
    // the field's two bits hold no value but the four named.
    private static int TriggerLevel(RcvrTrigger trigger) => trigger switch
    {
        RcvrTrigger.Bytes1 => 1,
        RcvrTrigger.Bytes4 => 4,
        RcvrTrigger.Bytes8 => 8,
        _ => 14,
    };

    // PC boards route INTR to the PIC through a buffer enabled by OUT2.
    private void UpdateInterrupt()
    {
        if (PendingInterrupt() is not null && MCR_Out2) Interrupt?.Raise();
        else Interrupt?.Lower();
    }
}
