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
            if (Registers.GetRedirectionLow_Vector(pin) != (uint)vector || !Registers.GetRedirectionLow_RemoteIrr(pin)) continue;
            Registers.SetRedirectionLow_RemoteIrr(pin, false);
            if (IsActive(pin)) Send(pin);
        }
    }

    private bool IsLevel(int pin) => Registers.GetRedirectionLow_Level(pin);

    // Polarity: an active-low pin is asserted while its line is low.
    private bool IsActive(int pin) => (((_levels >> pin) & 1) != 0) != Registers.GetRedirectionLow_ActiveLow(pin);

    // A level entry waiting for its EOI (remote IRR set) sends nothing more (82093AA 3.2.4, bit 14).
    private void Send(int pin)
    {
        var level = IsLevel(pin);
        if (Registers.GetRedirectionLow_Masked(pin) || (level && Registers.GetRedirectionLow_RemoteIrr(pin))) return;
        var vector = (int)Registers.GetRedirectionLow_Vector(pin);
        var mode = Registers.GetRedirectionLow_Mode(pin);
        var destination = Registers.GetRedirectionHigh_Destination(pin);
        var logical = Registers.GetRedirectionLow_Logical(pin);
        LocalApic? lowest = null;
        var delivered = false;
        foreach (var apic in Apics)
        {
            if (!apic.GloballyEnabled || !apic.IsDestination(destination, logical)) continue;
            switch (mode)
            {
                case IoApicRegisters.Delivery.Fixed:
                    apic.Accept(vector, level);
                    delivered = true;
                    break;
                case IoApicRegisters.Delivery.LowestPriority:
                    if (lowest is null || apic.ArbitrationPriority < lowest.ArbitrationPriority) lowest = apic;
                    break;
                case IoApicRegisters.Delivery.Nmi:
                    apic.AcceptNmi();
                    break;
            }
        }
        if (lowest is not null)
        {
            lowest.Accept(vector, level);
            delivered = true;
        }
        if (level && delivered) Registers.SetRedirectionLow_RemoteIrr(pin, true);
    }

    partial void OnWindowRead(ref uint value) => value = (uint)Registers.Read(Offset(Select_Index), 4);

    // The internal registers' own access kinds keep the read-only and reserved bits; the ID also loads the arbitration ID.
    partial void OnWindowWrite(uint value)
    {
        var offset = Offset(Select_Index);
        var entry = offset - IoApicRegisters.RegisterMap.RedirectionLowOffset;
        var pin = entry / IoApicRegisters.RegisterMap.RedirectionLowStride;
        var low = offset >= IoApicRegisters.RegisterMap.RedirectionLowOffset && pin < Pins
            && entry % IoApicRegisters.RegisterMap.RedirectionLowStride == 0;
        var wasMasked = low && Registers.GetRedirectionLow_Masked((int)pin);
        Registers.Write(offset, 4, value);
        if (offset == IoApicRegisters.RegisterMap.IdOffset) Registers.Arbitration = Registers.Id;
        if (!low) return;
        // An edge entry changed to level drops a stale remote IRR; unmasking an asserted level pin sends at once.
        if (!IsLevel((int)pin)) Registers.SetRedirectionLow_RemoteIrr((int)pin, false);
        if (wasMasked && !Registers.GetRedirectionLow_Masked((int)pin) && IsLevel((int)pin) && IsActive((int)pin)) Send((int)pin);
    }

    // IOREGSEL selects a 32-bit internal register by index.
    private static ulong Offset(uint index) => (ulong)index * sizeof(uint);

    // Lines are wires outside the chip, so a reset keeps their levels; every entry comes back masked, as its reset value says.
    partial void OnReset() => Registers.Reset();

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
}
