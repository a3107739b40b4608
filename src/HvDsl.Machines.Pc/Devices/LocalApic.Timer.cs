using System.IO;

namespace HvDsl.Machines.Pc;

public sealed partial class LocalApic
{
    // The timer counts the APIC bus clock, taken as 1 GHz: one tick per nanosecond of the VM clock before the divider.
    private const ulong NanosecondsPerBusTick = 1;

    // The generated write stores the register before its hook runs, so the timer keeps the mode and divisor it counts with.
    private Mode _countingMode;
    private ulong _countDivisor = 2;
    private ulong _timerStart;
    // The count at _timerStart: the initial count, or where the count stood when the divisor changed.
    private uint _startCount;
    private ulong _timerExpiry = ulong.MaxValue;
    private ulong _tscDeadline;
    private int _timerGeneration;

    private ulong Now => Vm?.Clock.NowNanoseconds ?? 0;

    /// <summary>The divide configuration's divisor: bits 0, 1 and 3 select 2, 4, ... 128, or 1 (SDM vol. 3A figure 11-10).</summary>
    public ulong TimerDivisor
    {
        get
        {
            // Bit 3 of the register is bit 2 of the divide code.
            var code = DivideConfig_Low | (DivideConfig_High ? 4u : 0u);
            return code == 7 ? 1UL : 2UL << (int)code;
        }
    }

    private ulong TickNanoseconds => _countDivisor * NanosecondsPerBusTick;

    // The count from the initial count down: it stops at 0 in one-shot mode and reloads in periodic mode (SDM vol. 3A 11.5.4).
    private uint CountAt(ulong now)
    {
        if (InitialCount == 0 || _startCount == 0 || _countingMode == Mode.TscDeadline) return 0;
        var ticks = (now - _timerStart) / TickNanoseconds;
        if (ticks < _startCount) return (uint)(_startCount - ticks);
        return _countingMode == Mode.Periodic ? (uint)(InitialCount - (ticks - _startCount) % InitialCount) : 0;
    }

    partial void OnInitialCountWrite(uint value)
    {
        // TSC-deadline mode ignores the initial count.
        if (LvtTimer_Mode == Mode.TscDeadline)
        {
            InitialCount = 0;
            return;
        }
        _timerStart = Now;
        _startCount = InitialCount;
        ArmCountdown();
    }

    partial void OnCurrentCountRead(ref uint value) => value = CountAt(Now);

    // A new divisor continues the count from where it is.
    partial void OnDivideConfigWrite(uint value)
    {
        var now = Now;
        var count = CountAt(now);
        _countDivisor = TimerDivisor;
        if (count == 0) return;
        _timerStart = now;
        _startCount = count;
        ArmCountdown();
    }

    // Changing to or from TSC-deadline mode disarms the timer (SDM vol. 3A 11.5.4.1); between one-shot and periodic the
    // count goes on from where it is, and a one-shot count that reached 0 stays there.
    partial void OnLvtTimerWrite(uint value)
    {
        LvtTimer_Masked |= !Spiv_Enabled;
        // Mode 3 is reserved; it reads back as one-shot.
        if (LvtTimer_Mode is not (Mode.OneShot or Mode.Periodic or Mode.TscDeadline)) LvtTimer_Mode = Mode.OneShot;
        var mode = LvtTimer_Mode;
        if (mode == _countingMode) return;
        if (mode == Mode.TscDeadline || _countingMode == Mode.TscDeadline)
        {
            _countingMode = mode;
            InitialCount = 0;
            _tscDeadline = 0;
            Disarm();
            return;
        }
        var now = Now;
        var count = CountAt(now);
        _countingMode = mode;
        _timerStart = now;
        _startCount = count;
        ArmCountdown();
    }

    private void WriteTscDeadline(ulong value)
    {
        if (LvtTimer_Mode != Mode.TscDeadline) return;
        _tscDeadline = value;
        if (value == 0)
        {
            Disarm();
            return;
        }
        // The TSC runs at the VM clock's rate plus this processor's offset.
        var now = Now;
        var tsc = Cpu?.TimeStampCounter ?? now;
        Schedule(value <= tsc ? now : now + (value - tsc));
    }

    private void ArmCountdown()
    {
        // A start count of 0 is a one-shot count that already ran out: nothing to wait for, in either mode.
        if (InitialCount == 0 || _startCount == 0)
        {
            Disarm();
            return;
        }
        var now = Now;
        var first = _timerStart + _startCount * TickNanoseconds;
        if (now < first)
        {
            Schedule(first);
            return;
        }
        if (LvtTimer_Mode != Mode.Periodic)
        {
            Disarm();
            return;
        }
        var period = InitialCount * TickNanoseconds;
        Schedule(first + ((now - first) / period + 1) * period);
    }

    private void Disarm()
    {
        _timerGeneration++;
        _timerExpiry = ulong.MaxValue;
    }

    private void Schedule(ulong at)
    {
        var generation = ++_timerGeneration;
        _timerExpiry = at;
        Vm?.ScheduleAt(this, at, () => Expire(generation));
    }

    private void Expire(int generation)
    {
        if (generation != _timerGeneration) return;
        _timerExpiry = ulong.MaxValue;
        if (!LvtTimer_Masked) Accept((int)LvtTimer_Vector, level: false);
        if (LvtTimer_Mode == Mode.TscDeadline) _tscDeadline = 0;
        else if (LvtTimer_Mode == Mode.Periodic) ArmCountdown();
    }

    private void ResetTimer()
    {
        _timerStart = 0;
        _startCount = 0;
        _tscDeadline = 0;
        _countingMode = LvtTimer_Mode;
        _countDivisor = TimerDivisor;
        Disarm();
    }

    private void SaveTimer(BinaryWriter writer)
    {
        writer.Write(_timerStart);
        writer.Write(_startCount);
        writer.Write(_timerExpiry);
        writer.Write(_tscDeadline);
    }

    // The VM drops its timers on restore; the saved expiry is armed again so the run goes on as it would have.
    private void RestoreTimer(BinaryReader reader)
    {
        _countingMode = LvtTimer_Mode;
        _countDivisor = TimerDivisor;
        _timerStart = reader.ReadUInt64();
        _startCount = reader.ReadUInt32();
        var expiry = reader.ReadUInt64();
        _tscDeadline = reader.ReadUInt64();
        if (expiry == ulong.MaxValue) Disarm();
        else Schedule(expiry);
    }
}
