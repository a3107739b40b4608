using System.Collections.Generic;
using System.IO;
using HvDsl.Runtime.Devices;

namespace HvDsl.Machines.Pc;

/// <summary>
/// The 82093AA I/O APIC: 24 input pins, each sent to the local APICs as its redirection entry says (vector, delivery mode,
/// physical or logical destination, polarity, edge or level with remote IRR cleared by the local APICs' EOI, mask).
/// It is also the VM's interrupt controller: every ISA line goes to the PIC pair as before and to its pin, IRQ0 to pin 2
/// (the MADT interrupt-source override QEMU's firmware reports) and line 2, the PIC cascade, to none.
/// </summary>
public sealed partial class IoApic : IInterruptController
{
    /// <summary>The window's default physical address.</summary>
    public const ulong DefaultBase = 0xFEC0_0000;

    /// <summary>Number of input pins and redirection entries.</summary>
    public const int Pins = 24;

    private const int RedirectionIndex = 0x10;
    private const uint VectorMask = 0xFF;
    private const uint LogicalBit = 1u << 11;
    private const uint ActiveLowBit = 1u << 13;
    private const uint RemoteIrrBit = 1u << 14;
    private const uint LevelBit = 1u << 15;
    private const uint MaskBit = 1u << 16;
    // Delivery status and remote IRR are read-only (82093AA 3.2.4).
    private const uint LowWritable = 0x0001_AFFF;
    private const uint HighWritable = 0xFF00_0000;
    private const uint IdWritable = 0x0F00_0000;

    private uint _levels;

    /// <summary>The internal registers behind IOREGSEL and IOWIN.</summary>
    public IoApicRegisters Registers { get; } = new();

    /// <summary>The PIC pair the same lines reach; answers the vCPU's INTA when interrupts come through ExtINT.</summary>
    public IInterruptController? Pic { get; set; }

    /// <summary>The local APICs messages are sent to.</summary>
    public IReadOnlyList<LocalApic> Apics { get; set; } = [];

    /// <summary>The pin ISA line <paramref name="line"/> drives, or -1: IRQ0 on pin 2, the cascade line 2 on none.</summary>
    public static int PinOf(int line) => line switch
    {
        0 => 2,
        2 => -1,
        < Pins => line,
        _ => -1,
    };

    /// <inheritdoc />
    public bool HasPending => Pic?.HasPending == true;

    /// <inheritdoc />
    public int Acknowledge() => Pic?.Acknowledge() ?? -1;

    /// <inheritdoc />
    public void SetLevel(int line, bool high)
    {
        Pic?.SetLevel(line, high);
        var pin = PinOf(line);
        if (pin < 0) return;
        var bit = 1u << pin;
        var wasActive = IsActive(pin);
        _levels = high ? _levels | bit : _levels & ~bit;
        var active = IsActive(pin);
        if (active && (!wasActive || IsLevel(pin))) Send(pin);
    }

    /// <summary>
    /// A local APIC's EOI for a level-triggered <paramref name="vector"/>: clears remote IRR of the entries with that vector,
    /// and sends again any whose input is still active.
    /// </summary>
    public void EndOfInterrupt(int vector)
    {
        for (var pin = 0; pin < Pins; pin++)
        {
            if ((Low(pin) & VectorMask) != (uint)vector || (Low(pin) & RemoteIrrBit) == 0) continue;
            SetLow(pin, Low(pin) & ~RemoteIrrBit);
            if (IsActive(pin)) Send(pin);
        }
    }

    private uint Low(int pin) => Registers.Redirection[2 * pin];

    private uint High(int pin) => Registers.Redirection[2 * pin + 1];

    private void SetLow(int pin, uint value) => Registers.Redirection[2 * pin] = value;

    private bool IsLevel(int pin) => (Low(pin) & LevelBit) != 0;

    // Polarity: an active-low pin is asserted while its line is low.
    private bool IsActive(int pin) => (((_levels >> pin) & 1) != 0) != ((Low(pin) & ActiveLowBit) != 0);

    // A level entry waiting for its EOI (remote IRR set) sends nothing more (82093AA 3.2.4, bit 14).
    private void Send(int pin)
    {
        var low = Low(pin);
        if ((low & MaskBit) != 0 || (IsLevel(pin) && (low & RemoteIrrBit) != 0)) return;
        var level = IsLevel(pin);
        var vector = (int)(low & VectorMask);
        var mode = (IoApicDeliveryMode)((low >> 8) & 7);
        var destination = High(pin) >> 24;
        LocalApic? lowest = null;
        var delivered = false;
        foreach (var apic in Apics)
        {
            if (!apic.GloballyEnabled || !apic.IsDestination(destination, (low & LogicalBit) != 0)) continue;
            switch (mode)
            {
                case IoApicDeliveryMode.Fixed:
                    apic.Accept(vector, level);
                    delivered = true;
                    break;
                case IoApicDeliveryMode.LowestPriority:
                    if (lowest is null || apic.ArbitrationPriority < lowest.ArbitrationPriority) lowest = apic;
                    break;
                case IoApicDeliveryMode.Nmi:
                    apic.AcceptNmi();
                    break;
            }
        }
        if (lowest is not null)
        {
            lowest.Accept(vector, level);
            delivered = true;
        }
        if (level && delivered) SetLow(pin, low | RemoteIrrBit);
    }

    partial void OnSelect(uint value) => Select = value & 0xFF;

    partial void OnWindowRead(ref uint value) => value = (uint)Registers.Read((ulong)Select_Index * 4, 4);

    partial void OnWindowWrite(uint value)
    {
        var index = (int)Select_Index;
        if (index == 0)
        {
            // The arbitration ID is loaded from the ID (82093AA 3.2.3).
            Registers.Id = value & IdWritable;
            Registers.Arbitration = Registers.Id;
            return;
        }
        if (index < RedirectionIndex || index >= RedirectionIndex + 2 * Pins) return;
        var pin = (index - RedirectionIndex) / 2;
        if ((index & 1) != 0)
        {
            Registers.Redirection[2 * pin + 1] = value & HighWritable;
            return;
        }
        var wasMasked = (Low(pin) & MaskBit) != 0;
        SetLow(pin, (value & LowWritable) | (Low(pin) & RemoteIrrBit));
        // An edge entry changed to level drops a stale remote IRR; unmasking an asserted level pin sends at once.
        if (!IsLevel(pin)) SetLow(pin, Low(pin) & ~RemoteIrrBit);
        if (wasMasked && (Low(pin) & MaskBit) == 0 && IsLevel(pin) && IsActive(pin)) Send(pin);
    }

    // Lines are wires outside the chip, so a reset keeps their levels; every entry comes back masked.
    partial void OnReset()
    {
        Registers.Reset();
        for (var pin = 0; pin < Pins; pin++) SetLow(pin, MaskBit);
    }

    partial void OnSave(BinaryWriter writer)
    {
        Registers.Save(writer);
        writer.Write(_levels);
    }

    partial void OnRestore(BinaryReader reader)
    {
        Registers.Restore(reader);
        Registers.Arbitration = Registers.Id;
        _levels = reader.ReadUInt32() & ((1u << Pins) - 1);
    }

    private enum IoApicDeliveryMode
    {
        Fixed = 0,
        LowestPriority = 1,
        Smi = 2,
        Nmi = 4,
        Init = 5,
        ExtInt = 7,
    }
}
