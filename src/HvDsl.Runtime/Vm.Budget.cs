using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Exits;

namespace HvDsl.Runtime;

public sealed partial class Vm
{
    /// <summary>Instruction count before which timers and interrupts wait: the end of a block a budget stop cut short.</summary>
    private ulong _eventsHeldUntil;

    /// <summary>
    /// An uninterrupted run looks for timers and interrupts only between decoded blocks; a budget stop inside a block
    /// holds them until that block's end, so running in pieces (or saving and restoring between them) changes nothing.
    /// </summary>
    private VmExit StopForBudget(VCpu cpu, in VmExit exit)
    {
        var count = cpu.InstructionCount;
        if (_eventsHeldUntil >= count)
            return exit;
        var left = cpu.InstructionsLeftInBlock();
        if (left > 0)
        {
            _eventsHeldUntil = count + left;
            cpu.HoldInterruptsUntil(_eventsHeldUntil);
        }
        return exit;
    }
}
