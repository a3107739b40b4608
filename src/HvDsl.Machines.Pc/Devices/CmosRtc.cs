using System;
using HvDsl.Runtime;

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
    // IBM PC/AT convention: CMOS byte 0x32 holds the century in BCD.
    private const int CenturyAddress = 0x32;

    private DateTime _baseTime = DefaultStart;
    private ulong _baseNanoseconds;
    private ulong _flagsCheckedAt;
    private int _interruptGeneration;

    /// <summary>The clock, battery-backed RAM and control registers the data port reaches.</summary>
    public Mc146818Registers Registers { get; } = new();

    /// <summary>The VM whose clock the RTC counts and whose timers deliver its interrupts; without one time stands still.</summary>
    public Vm? Vm { get; set; }

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

    // The bit 7 NMI mask is not part of the address: the MC146818 sees only bits 0-6.
    partial void OnDataRead(ref byte value)
    {
        var address = Index_Address;
        var now = Now;
        if (address <= 0x0C || address == CenturyAddress) Refresh(now);
        value = (byte)Registers.Read(address, 1);
        if (address != 0x0C) return;
        Interrupt?.Lower();
        ScheduleInterrupt(now);
    }

    partial void OnDataWrite(byte value)
    {
        var address = Index_Address;
        var now = Now;
        var wasSet = Registers.B_SET;
        var setsTime = IsTimeRegister(address) && !wasSet;
        // Registers must hold the current time before one of them is overwritten or frozen by SET.
        if (setsTime || (address == 0x0B && !wasSet)) Refresh(now);
        Registers.Write(address, 1, value);
        // Clearing SET restarts the clock from what the guest wrote meanwhile (datasheet register B, bit 7).
        if (setsTime || (wasSet && !Registers.B_SET)) Rebase(now);
        if (address is 0x0A or 0x0B) ScheduleInterrupt(now);
    }

    private static bool IsTimeRegister(int address) => address is 0x00 or 0x02 or 0x04 or 0x06 or 0x07 or 0x08 or 0x09 or CenturyAddress;

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
