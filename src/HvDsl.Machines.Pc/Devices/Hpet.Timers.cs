using System.IO;
using System.Linq;
using HvDsl.Runtime.Devices;

namespace HvDsl.Machines.Pc;

public sealed partial class Hpet
{
    // With legacy replacement timer 0 drives IRQ0 (I/O APIC pin 2) and timer 1 IRQ8 (HPET 1.0a 2.3.5, LEG_RT_CNF).
    private const int LegacyTimer0Line = 0;
    private const int LegacyTimer1Line = 8;
    private const ulong Counter32Mask = 0xFFFF_FFFF;

    private readonly ulong[] _comparator = new ulong[Timers];
    private readonly ulong[] _period = new ulong[Timers];
    // Tn_VAL_SET_CNF reads 0 (it is `sc`), so the timer remembers a written 1 until the next comparator write.
    private readonly bool[] _valueSet = new bool[Timers];
    private readonly int[] _generation = new int[Timers];
    // The counter value the timer's pending match is for, in the counter's full 64 bits.
    private readonly ulong[] _matchTick = new ulong[Timers];
    // The line each timer holds high for a level-triggered interrupt, or -1.
    private readonly int[] _raisedLine = Enumerable.Repeat(-1, Timers).ToArray();

    private bool Is32Bit(int timer) => GetTimerConfig_Mode32(timer);

    private ulong CounterMask(int timer) => Is32Bit(timer) ? Counter32Mask : ulong.MaxValue;

    private bool StatusSet(int timer) => ((InterruptStatus_Active >> timer) & 1) != 0;

    private partial ulong ComputeTimerComparator(int index) => _comparator[index];

    // A periodic timer takes the write as its period, and as its comparator only after Tn_VAL_SET_CNF (QEMU's hpet.c does the same).
    private partial void ApplyTimerComparator(int index, ulong value)
    {
        value &= CounterMask(index);
        var periodic = GetTimerConfig_Periodic(index);
        if (!periodic || _valueSet[index]) _comparator[index] = value;
        if (periodic) _period[index] = value;
        _valueSet[index] = false;
        Arm(index);
    }

    partial void OnTimerConfigWrite(int index, ulong value)
    {
        if ((value & RegisterMap.TimerConfig_ValueSetMask) != 0) _valueSet[index] = true;
        // 32-bit mode keeps only the comparator's and period's low halves (2.3.8, Tn_32MODE_CNF).
        _comparator[index] &= CounterMask(index);
        _period[index] &= CounterMask(index);
        // An edge-triggered timer has no status bit to keep (2.3.6).
        if (GetTimerConfig_Trigger(index) == Trigger.Edge) ClearStatus(index);
        UpdateLine(index);
        Arm(index);
    }

    partial void OnInterruptStatusWrite(ulong value)
    {
        for (var timer = 0; timer < Timers; timer++) UpdateLine(timer);
    }

    private void ClearStatus(int timer) => InterruptStatus_Active &= ~(1UL << timer);

    // The line a timer's interrupt goes to: the legacy lines, else its route if the capability allows that pin; -1 for none.
    private int LineOf(int timer)
    {
        if (Config_LegacyRoute && timer == 0) return LegacyTimer0Line;
        if (Config_LegacyRoute && timer == 1) return LegacyTimer1Line;
        var route = (int)GetTimerConfig_Route(timer);
        return ((GetTimerConfig_RouteCapability(timer) >> route) & 1) != 0 ? route : -1;
    }

    private bool InterruptsEnabled(int timer) => Config_Enable && GetTimerConfig_Enable(timer);

    // A level-triggered interrupt holds its line while its status bit is set and the timer and the HPET are enabled.
    private void UpdateLine(int timer)
    {
        var wanted = InterruptsEnabled(timer) && GetTimerConfig_Trigger(timer) == Trigger.Level && StatusSet(timer) ? LineOf(timer) : -1;
        if (wanted == _raisedLine[timer]) return;
        if (_raisedLine[timer] >= 0) Vm?.GetInterruptLine(_raisedLine[timer]).Lower();
        _raisedLine[timer] = wanted;
        if (wanted >= 0) Vm?.GetInterruptLine(wanted).Raise();
    }

    private void ArmAll()
    {
        for (var timer = 0; timer < Timers; timer++) Arm(timer);
    }

    // The next match is when the counter, in the timer's width, next equals the comparator (now, or strictly after now
    // once it has just matched): a comparator behind the counter matches only after the counter wraps (2.3.9), which a
    // 64-bit counter never does in a run.
    private void Arm(int timer, bool afterNow = false)
    {
        var generation = ++_generation[timer];
        if (Vm is not { } vm || !Config_Enable) return;
        var now = Now;
        var counter = CounterAt(now);
        var mask = CounterMask(timer);
        var ticks = afterNow ? ((_comparator[timer] - counter - 1) & mask) + 1 : (_comparator[timer] - counter) & mask;
        var tick = TickNanoseconds;
        // A 64-bit match strictly after now, at the comparator, is a whole wrap away (ticks overflowed to 0).
        if ((afterNow && ticks == 0) || ticks > (ulong.MaxValue - now) / tick - 1) return;
        _matchTick[timer] = counter + ticks;
        vm.ScheduleAt((this, timer), _countingSince + (_matchTick[timer] - _counterBase) * tick, () => Match(timer, generation));
    }

    private void Match(int timer, int generation)
    {
        if (generation != _generation[timer]) return;
        var counter = CounterAt(Now);
        var period = _period[timer];
        if (GetTimerConfig_Periodic(timer) && period != 0)
        {
            // Periods the run loop passed over are skipped: one interrupt, the comparator on the next match after now.
            var periods = (counter - _matchTick[timer]) / period + 1;
            _comparator[timer] = (_comparator[timer] + periods * period) & CounterMask(timer);
        }
        // A 32-bit one-shot matches again when the counter's low half comes round (2.3.9); a 64-bit one never does.
        Arm(timer, afterNow: true);
        Interrupt(timer);
    }

    private void Interrupt(int timer)
    {
        if (!InterruptsEnabled(timer)) return;
        if (GetTimerConfig_Trigger(timer) == Trigger.Level)
        {
            InterruptStatus_Active |= 1UL << timer;
            UpdateLine(timer);
            return;
        }
        var line = LineOf(timer);
        if (line < 0 || Vm is not { } vm) return;
        // An edge interrupt is a pulse: the controllers latch the rising edge.
        var output = vm.GetInterruptLine(line);
        output.Raise();
        output.Lower();
    }

    private void ResetTimers()
    {
        for (var timer = 0; timer < Timers; timer++)
        {
            _generation[timer]++;
            _comparator[timer] = ulong.MaxValue;
            _period[timer] = 0;
            _valueSet[timer] = false;
            if (_raisedLine[timer] >= 0) Vm?.GetInterruptLine(_raisedLine[timer]).Lower();
            _raisedLine[timer] = -1;
        }
    }

    private void SaveTimers(BinaryWriter writer)
    {
        for (var timer = 0; timer < Timers; timer++)
        {
            writer.Write(_comparator[timer]);
            writer.Write(_period[timer]);
            writer.Write(_valueSet[timer]);
        }
    }

    // The VM restores the lines' levels itself, so the timers only note which line they hold.
    private void RestoreTimers(BinaryReader reader)
    {
        for (var timer = 0; timer < Timers; timer++)
        {
            _comparator[timer] = reader.ReadUInt64() & CounterMask(timer);
            _period[timer] = reader.ReadUInt64() & CounterMask(timer);
            _valueSet[timer] = reader.ReadBoolean();
            _raisedLine[timer] = InterruptsEnabled(timer) && GetTimerConfig_Trigger(timer) == Trigger.Level && StatusSet(timer) ? LineOf(timer) : -1;
        }
        ArmAll();
    }
}
