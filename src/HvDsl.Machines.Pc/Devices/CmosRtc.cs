using System;
using System.IO;
using HvDsl.Runtime;
using static HvDsl.Machines.Pc.Mc146818Registers.RegisterMap;

namespace HvDsl.Machines.Pc;

/// <summary>
/// The MC146818's behaviour behind ports 0x70/0x71: the time of day follows the VM clock from <see cref="SetTime"/>'s
/// point (the VM clock is virtual, so time is reproducible), encoded in BCD or binary and 12- or 24-hour form as register B
/// asks, UIP raised 244 µs before each update, flags in register C read-to-clear and IRQ 8 for enabled events.
/// </summary>
public sealed partial class CmosRtc
{
    /// <summary>The time a new RTC shows at VM clock zero: 2000-01-01 00:00:00, a Saturday.</summary>
    public static readonly DateTime DefaultStart = new(2000, 1, 1, 0, 0, 0);

    private const ulong Second = 1_000_000_000;
    // Datasheet "Update Cycle": UIP rises 244 µs before the update with the 32.768 kHz time base.
    private const ulong UpdateInProgressLead = 244_000;

    private DateTime _baseTime = DefaultStart;
    private ulong _baseNanoseconds;
    private ulong _flagsCheckedAt;
    private int _interruptGeneration;

    /// <summary>The clock, battery-backed RAM and control registers the data port reaches.</summary>
    public Mc146818Registers Registers { get; } = new();

    /// <summary>The VM whose clock the RTC counts and whose timers deliver its interrupts; without one time stands still.</summary>
    public Vm? Vm { get; set; }

    /// <summary>Raised when an enabled alarm fires (AF set with AIE, asserting IRQ 8): the ACPI PM block's RTC_STS wake event.</summary>
    public event Action? Alarm;

    /// <summary>Whether the guest last selected an index with bit 7 set, which masks NMI on the PC.</summary>
    public bool NmiMasked => Index_NmiDisable;

    private ulong Now => Vm?.Clock.NowNanoseconds ?? 0;

    /// <summary>Sets the time of day the RTC shows now; it then advances with the VM clock.</summary>
    public void SetTime(DateTime time)
    {
        _baseTime = new DateTime(time.Year, time.Month, time.Day, time.Hour, time.Minute, time.Second);
        _baseNanoseconds = Now;
    }

    /// <summary>The time of day the RTC keeps at this moment.</summary>
    public DateTime CurrentTime => _baseTime.AddSeconds((Now - Math.Min(Now, _baseNanoseconds)) / Second);

    // Datasheet "RESET": the interrupt enables, square wave and flags clear; time, modes and RAM are battery-backed and stay.
    partial void OnReset()
    {
        Registers.B_PIE = Registers.B_AIE = Registers.B_UIE = Registers.B_SQWE = false;
        Registers.C = 0;
        _interruptGeneration++;
        Interrupt?.Lower();
    }

    // The inner registers travel with the port device, which is the one the machine places.
    partial void OnSave(BinaryWriter writer)
    {
        Registers.Save(writer);
        writer.Write(_baseTime.Ticks);
        writer.Write(_baseNanoseconds);
        writer.Write(_flagsCheckedAt);
    }

    partial void OnRestore(BinaryReader reader)
    {
        Registers.Restore(reader);
        _baseTime = new DateTime(reader.ReadInt64());
        _baseNanoseconds = reader.ReadUInt64();
        _flagsCheckedAt = reader.ReadUInt64();
        ScheduleInterrupt(Now);
    }

    // The bit 7 NMI mask is not part of the address: the MC146818 sees only bits 0-6.
    partial void OnDataRead(ref byte value)
    {
        ulong address = Index_Address;
        var now = Now;
        if (address <= COffset || address == CenturyOffset) Refresh(now);
        value = (byte)Registers.Read(address, 1);
        if (address != COffset) return;
        Interrupt?.Lower();
        ScheduleInterrupt(now);
    }

    partial void OnDataWrite(byte value)
    {
        ulong address = Index_Address;
        var now = Now;
        var wasSet = Registers.B_SET;
        var setsTime = IsTimeRegister(address) && !wasSet;
        // Registers must hold the current time before one of them is overwritten or frozen by SET.
        if (setsTime || (address == BOffset && !wasSet)) Refresh(now);
        Registers.Write(address, 1, value);
        // Clearing SET restarts the clock from what the guest wrote meanwhile (datasheet register B, bit 7).
        if (setsTime || (wasSet && !Registers.B_SET)) Rebase(now);
        if (address is AOffset or BOffset) ScheduleInterrupt(now);
    }

    private static bool IsTimeRegister(ulong address) =>
        address is SecondsOffset or MinutesOffset or HoursOffset or DayOfWeekOffset or DayOfMonthOffset or MonthOffset or YearOffset or CenturyOffset;

    private void Refresh(ulong now)
    {
        UpdateFlags(now);
        var phase = (now - Math.Min(now, _baseNanoseconds)) % Second;
        Registers.A_UIP = !Registers.B_SET && phase >= Second - UpdateInProgressLead;
        if (!Registers.B_SET) Store(CurrentTime);
    }

    private void Rebase(ulong now)
    {
        if (Load() is not { } time) return;
        _baseTime = time;
        _baseNanoseconds = now;
    }
}
