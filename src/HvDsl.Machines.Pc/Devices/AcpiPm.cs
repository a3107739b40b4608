using System;
using System.IO;
using HvDsl.Runtime;

namespace HvDsl.Machines.Pc;

/// <summary>
/// The PM1 registers' behaviour: the PM timer counts the VM clock at <see cref="TimerHz"/>, latching TMR_STS each time its
/// bit 23 changes; enabled events raise the SCI while SCI_EN is set; SLP_EN enters S5 (<see cref="SoftOff"/>) or S3, in which
/// the VM is <see cref="Vm.Suspended"/> until an enabled RTC alarm (<see cref="RtcAlarm"/>) wakes it (<see cref="Woke"/>).
/// </summary>
/// <remarks>
/// ACPI 6.5, 4.8.3.1-4.8.3.3 and 7.4.2 (the \_Sx objects give each state's SLP_TYP; see <see cref="SleepType"/>): WAK_STS is
/// set as the system wakes. A SLP_TYP that names neither state is ignored, as no \_Sx object offers it.
/// </remarks>
public sealed partial class AcpiPm
{
    /// <summary>The PM timer's clock: 3.579545 MHz (ACPI 6.5, 4.8.3.3).</summary>
    public const ulong TimerHz = 3_579_545;

    /// <summary>The PM timer's width, without TMR_VAL_EXT in the FADT: 24 bits.</summary>
    public const int TimerBits = 24;

    private const ulong NanosecondsPerSecond = 1_000_000_000;
    private const ushort SciEvents = RegisterMap.Pm1Status_TimerMask | RegisterMap.Pm1Status_GlobalMask | RegisterMap.Pm1Status_PowerButtonMask | RegisterMap.Pm1Status_SleepButtonMask | RegisterMap.Pm1Status_RtcMask;

    // The timer tick TMR_STS was last brought up to date at.
    private ulong _timerCheckedAt;

    /// <summary>The VM whose clock the timer counts, whose timers raise TMR_STS and which S3 suspends; without one the timer stands still.</summary>
    public Vm? Vm { get; set; }

    /// <summary>Whether the guest is in S3: suspended until a wake event.</summary>
    public bool Sleeping { get; private set; }

    /// <summary>Whether the guest entered S5 (soft off).</summary>
    public bool PoweredOff { get; private set; }

    /// <summary>Raised when the guest enters S5; the machine ends the run as a power-off.</summary>
    public event Action? SoftOff;

    /// <summary>Raised as the system leaves S3, WAK_STS set; the machine restarts the processors at the firmware's waking vector.</summary>
    public event Action? Woke;

    private ulong Now => Vm?.Clock.NowNanoseconds ?? 0;

    private static ulong TicksAt(ulong nanoseconds) => (ulong)((UInt128)nanoseconds * TimerHz / NanosecondsPerSecond);

    private partial uint ComputePmTimer() => (uint)(TicksAt(Now) & ((1UL << TimerBits) - 1));

    /// <summary>The RTC's alarm fired: RTC_STS is set and, with RTC_EN, a sleeping system wakes (ACPI 6.5, table 4.16).</summary>
    public void RtcAlarm()
    {
        Pm1Status_Rtc = true;
        if (Sleeping && Pm1Enable_Rtc) Wake();
        UpdateSci();
    }

    partial void OnStatusRead() => LatchTimer();

    // The write has cleared what it named; a bit 23 change before it that no read had latched yet is cleared with TMR_STS too.
    partial void OnStatusWrite(ushort value)
    {
        LatchTimer();
        if ((value & RegisterMap.Pm1Status_TimerMask) != 0) Pm1Status_Timer = false;
        UpdateSci();
    }

    partial void OnEnableWrite(ushort value)
    {
        LatchTimer();
        ArmTimer();
        UpdateSci();
    }

    partial void OnControlWrite(ushort value)
    {
        UpdateSci();
        if ((value & RegisterMap.Pm1Control_SleepEnableMask) == 0) return;
        switch (Pm1Control_SleepType)
        {
            case SleepType.SoftOff:
                PoweredOff = true;
                SoftOff?.Invoke();
                break;
            case SleepType.Suspend:
                Sleeping = true;
                if (Vm is { } vm) vm.Suspended = true;
                break;
        }
    }

    private void Wake()
    {
        Sleeping = false;
        Pm1Status_Wake = true;
        if (Vm is { } vm) vm.Suspended = false;
        Woke?.Invoke();
    }

    // TMR_STS: set when the count's bit 23 has changed since it was last looked at.
    private void LatchTimer()
    {
        var ticks = TicksAt(Now);
        if (ticks >> (TimerBits - 1) != _timerCheckedAt >> (TimerBits - 1)) Pm1Status_Timer = true;
        _timerCheckedAt = ticks;
    }

    // With TMR_EN, a VM timer at the next change of bit 23 raises the SCI; without it TMR_STS is latched when read.
    private void ArmTimer()
    {
        if (!Pm1Enable_Timer || Vm is not { } vm) return;
        var half = 1UL << (TimerBits - 1);
        var nextTick = (TicksAt(Now) / half + 1) * half;
        var at = (ulong)(((UInt128)nextTick * NanosecondsPerSecond + TimerHz - 1) / TimerHz);
        vm.ScheduleAt(this, at, () =>
        {
            LatchTimer();
            UpdateSci();
            ArmTimer();
        });
    }

    // The SCI is level-triggered: asserted while SCI_EN is set and an enabled event's status is.
    private void UpdateSci()
    {
        if (Sci is not { } line) return;
        if (Pm1Control_SciEnable && (Pm1Status & Pm1Enable & SciEvents) != 0) line.Raise();
        else line.Lower();
    }

    partial void OnReset()
    {
        Sleeping = PoweredOff = false;
        _timerCheckedAt = TicksAt(Now);
        Sci?.Lower();
    }

    partial void OnSave(BinaryWriter writer)
    {
        writer.Write(Sleeping);
        writer.Write(PoweredOff);
        writer.Write(_timerCheckedAt);
    }

    partial void OnRestore(BinaryReader reader)
    {
        Sleeping = reader.ReadBoolean();
        PoweredOff = reader.ReadBoolean();
        _timerCheckedAt = reader.ReadUInt64();
        if (Vm is { } vm) vm.Suspended = Sleeping;
        ArmTimer();
        UpdateSci();
    }
}
