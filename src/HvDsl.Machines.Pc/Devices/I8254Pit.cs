using System.IO;
using HvDsl.Runtime;

namespace HvDsl.Machines.Pc;

/// <summary>
/// The 8254's behaviour: control words, counter loads and reads in the programmed byte order, the counter latch and
/// read-back commands, counts derived from the VM clock at <see cref="InputHz"/>, OUT0 edges on the VM's timers, and
/// counter 2's GATE and OUT as port 0x61 drives and reads them.
/// </summary>
public sealed partial class I8254Pit
{
    /// <summary>The PC's counter input clock: 14.31818 MHz / 12.</summary>
    public const ulong InputHz = 1_193_182;

    private readonly CounterState[] _counters = new CounterState[RegisterMap.CounterCount];

    // The cycle counter 0's pending OUT0 edge is for (0: none), saved so a restore re-arms that edge even if it is already due.
    private ulong _out0Cycle;

    /// <summary>The VM whose clock the counters follow and whose timers raise OUT0; without one the counters stand still.</summary>
    public Vm? Vm { get; set; }

    private ulong Now => Vm?.Clock.NowNanoseconds ?? 0;

    /// <summary>
    /// Counter 2's GATE input, which the PC drives from port 0x61 bit 0 (low after reset); counters 0 and 1 have theirs
    /// tied high.
    /// </summary>
    public bool Gate2
    {
        get => _counters[2].Gate;
        set => _counters[2].SetGate(value, Now);
    }

    /// <summary>Counter 2's OUT level now, which the PC shows in port 0x61 bit 5.</summary>
    public bool Out2 => _counters[2].OutputAt(Now);

    // Fresh counters, each a generation past the old one so the old one's pending timers do nothing.
    partial void OnReset()
    {
        for (var i = 0; i < _counters.Length; i++) _counters[i] = new CounterState { Generation = (_counters[i]?.Generation ?? 0) + 1 };
        _counters[2].SetGate(false, Now);
        _out0Cycle = 0;
    }

    partial void OnSave(BinaryWriter writer)
    {
        foreach (var counter in _counters) counter.Save(writer);
        writer.Write(_out0Cycle);
    }

    // Restored counters keep their start times, so counter 0's pending edge is scheduled again for the same cycle.
    partial void OnRestore(BinaryReader reader)
    {
        foreach (var counter in _counters) counter.Restore(reader);
        var cycle = reader.ReadUInt64();
        var generation = ++_counters[0].Generation;
        _out0Cycle = 0;
        if (cycle != 0 && Vm is { } vm) ScheduleOut0(vm, _counters[0], generation, cycle);
    }

    partial void OnControlWord(byte value)
    {
        var counter = _counters[(int)Control_SelectCounter];
        if (Control_ReadWrite == ReadWrite.LatchCount)
        {
            counter.LatchCount(Now);
            return;
        }
        counter.Program((int)Control_Mode, (int)Control_ReadWrite, Control_BCD);
        if (counter == _counters[0]) DriveOut0(counter.OutputHighAfterProgramming);
    }

    partial void OnCounterWrite(int index, byte value)
    {
        var counter = _counters[index];
        if (!counter.WriteByte(value, Now)) return;
        if (index == 0) StartOut0(counter);
    }

    partial void OnCounterRead(int index, ref byte value) => value = _counters[index].ReadByte(Now);

    // 8254 datasheet "Read-Back Command": status first, so a counter with both latched reads its status byte first.
    partial void OnReadBack(byte value)
    {
        for (var i = 0; i < _counters.Length; i++)
        {
            if ((ReadBack_Counters >> i & 1) == 0) continue;
            if (ReadBack_Status == ReadBackLatch.Latch) _counters[i].LatchStatus(Now);
            if (ReadBack_Count == ReadBackLatch.Latch) _counters[i].LatchCount(Now);
        }
    }

    private void DriveOut0(bool high)
    {
        if (high) Out0?.Raise();
        else Out0?.Lower();
    }

    // Mode 0 raises OUT0 once at terminal count; modes 2 and 3 give one rising edge per period; mode 4 pulses once.
    private void StartOut0(CounterState counter)
    {
        DriveOut0(counter.OutputHighAfterProgramming);
        ArmOut0(counter);
    }

    // Schedules the next OUT0 edge from the counter's position now; a one-shot count already past terminal count has none left.
    private void ArmOut0(CounterState counter)
    {
        var generation = ++counter.Generation;
        _out0Cycle = 0;
        if (Vm is not { } vm || !counter.IsCounting || !counter.RunsWithoutGateTrigger) return;
        var cycle = counter.TicksAt(Now) / counter.Period + 1;
        if (!counter.IsPeriodic && cycle > 1) return;
        ScheduleOut0(vm, counter, generation, cycle);
    }

    private void ScheduleOut0(Vm vm, CounterState counter, int generation, ulong cycle)
    {
        _out0Cycle = cycle;
        vm.ScheduleAt(this, counter.NanosecondsAtTick(cycle * counter.Period), () => Out0Edge(vm, counter, generation, cycle));
    }

    private void Out0Edge(Vm vm, CounterState counter, int generation, ulong cycle)
    {
        if (generation != counter.Generation) return;
        _out0Cycle = 0;
        // A pulse: the PIC latches the rising edge, and the line rests high as the 8254's OUT does between edges.
        Out0?.Lower();
        Out0?.Raise();
        if (!counter.IsPeriodic) return;
        // Periods the VM slept through merge into this edge, as they would in the PIC's edge latch.
        var next = System.Math.Max(cycle + 1, counter.TicksAt(vm.Clock.NowNanoseconds) / counter.Period + 1);
        ScheduleOut0(vm, counter, generation, next);
    }
}
