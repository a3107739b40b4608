using System.IO;
using HvDsl.Runtime;

namespace HvDsl.Machines.Pc;

/// <summary>
/// The HPET's behaviour: the main counter runs on the VM clock at <see cref="Capabilities_Period"/> femtoseconds a tick
/// while <see cref="Config_Enable"/> is set; each timer compares it with its comparator (see Hpet.Timers.cs).
/// </summary>
public sealed partial class Hpet
{
    /// <summary>The window's default physical address.</summary>
    public const ulong DefaultBase = 0xFED0_0000;

    /// <summary>Number of timers (comparators): the spec's timer blocks.</summary>
    public const int Timers = RegisterMap.TimerConfigCount;

    private const ulong FemtosecondsPerNanosecond = 1_000_000;

    // The counter's value at _countingSince; while disabled it is the counter itself.
    private ulong _counterBase;
    private ulong _countingSince;
    // Config is stored before its hook runs, so the hook keeps the enable bit the count ran with.
    private bool _wasEnabled;

    /// <summary>The VM whose clock the counter follows and whose timers and lines the comparators use; without one the counter stands still.</summary>
    public Vm? Vm { get; set; }

    private ulong Now => Vm?.Clock.NowNanoseconds ?? 0;

    private ulong TickNanoseconds => Capabilities_Period / FemtosecondsPerNanosecond;

    private ulong CounterAt(ulong now) => Config_Enable ? _counterBase + (now - _countingSince) / TickNanoseconds : _counterBase;

    private partial ulong ComputeMainCounter() => CounterAt(Now);

    // A write while enabled restarts the count from the written value (the spec leaves it undefined; QEMU does the same).
    private partial void ApplyMainCounter(ulong value)
    {
        _counterBase = value;
        _countingSince = Now;
        ArmAll();
    }

    // Enabling starts the count from where it stood; disabling freezes it and stops every interrupt (2.3.5).
    partial void OnConfigWrite(ulong value)
    {
        var now = Now;
        _counterBase = _wasEnabled ? _counterBase + (now - _countingSince) / TickNanoseconds : _counterBase;
        _countingSince = now;
        _wasEnabled = Config_Enable;
        for (var timer = 0; timer < Timers; timer++) UpdateLine(timer);
        ArmAll();
    }

    partial void OnReset()
    {
        _counterBase = 0;
        _countingSince = Now;
        _wasEnabled = false;
        ResetTimers();
    }

    partial void OnSave(BinaryWriter writer)
    {
        writer.Write(CounterAt(Now));
        SaveTimers(writer);
    }

    partial void OnRestore(BinaryReader reader)
    {
        _counterBase = reader.ReadUInt64();
        _countingSince = Now;
        _wasEnabled = Config_Enable;
        RestoreTimers(reader);
    }
}
