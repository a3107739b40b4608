using System;

namespace HvDsl.Machines.Pc;

public sealed partial class CmosRtc
{
    // Datasheet register C: UF, AF and PF are set whatever the enables; IRQF (and IRQ 8) only for an enabled one.
    private void UpdateFlags(ulong now)
    {
        var last = _flagsCheckedAt;
        _flagsCheckedAt = now;
        if (now <= last) return;
        var r = Registers;
        var alarmed = r.C_AF;
        if (!r.B_SET && SecondsSinceBase(now) > SecondsSinceBase(last))
        {
            r.C_UF = true;
            if (AlarmMatches(CurrentTime)) r.C_AF = true;
        }
        if (PeriodicInterval() is { } interval && now / interval > last / interval) r.C_PF = true;
        if ((r.C_UF && r.B_UIE) || (r.C_AF && r.B_AIE) || (r.C_PF && r.B_PIE)) r.C_IRQF = true;
        if (!alarmed && r.C_AF && r.B_AIE) Alarm?.Invoke();
    }

    private ulong SecondsSinceBase(ulong at) => (at - Math.Min(at, _baseNanoseconds)) / Second;

    // An alarm byte of 0xC0-0xFF matches any value (datasheet "Alarm" paragraph).
    private bool AlarmMatches(DateTime time)
    {
        var r = Registers;
        return Matches(r.SecondsAlarm, Encode(time.Second))
            && Matches(r.MinutesAlarm, Encode(time.Minute))
            && Matches(r.HoursAlarm, EncodeHours(time.Hour));

        static bool Matches(byte alarm, byte value) => alarm >= 0xC0 || alarm == value;
    }

    // Datasheet Table "Periodic Interrupt Rate": with the 32.768 kHz base, rate select 1 and 2 mean 256 and 128 Hz,
    // 3-15 mean 32768 >> (RS - 1) Hz, and 0 none.
    private ulong? PeriodicInterval()
    {
        var select = Registers.A_RateSelect;
        if (select == 0) return null;
        var shift = select <= 2 ? select + 6 : select - 1;
        return (Second << shift) / 32_768;
    }

    // One timer, in this RTC's slot, at the next event that could set IRQF; a timer left armed by a stopped source sees a newer generation and does nothing.
    private void ScheduleInterrupt(ulong now)
    {
        var generation = ++_interruptGeneration;
        var r = Registers;
        if (Vm is not { } vm || r.C_IRQF) return;
        var next = ulong.MaxValue;
        if ((r.B_UIE || r.B_AIE) && !r.B_SET) next = _baseNanoseconds + (SecondsSinceBase(now) + 1) * Second;
        if (r.B_PIE && PeriodicInterval() is { } interval) next = Math.Min(next, (now / interval + 1) * interval);
        if (next == ulong.MaxValue) return;
        vm.ScheduleAt(this, next, () =>
        {
            if (generation != _interruptGeneration) return;
            var at = vm.Clock.NowNanoseconds;
            UpdateFlags(at);
            if (Registers.C_IRQF) Interrupt?.Raise();
            else ScheduleInterrupt(at);
        });
    }
}
