using HvDsl.Runtime.Cpu.Float;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    /// <summary>
    /// COMISS/COMISD (IE for any NaN) and UCOMISS/UCOMISD (IE for an SNaN only): ZF, PF and CF from the order of the low
    /// elements, OF, SF and AF cleared; an unmasked IE or DE leaves RFLAGS as they were.
    /// </summary>
    private static StepOutcome SseOrderedCompare(VCpu cpu, ref Instruction ins)
    {
        var isDouble = ins.Mnemonic is Mnemonic.Comisd or Mnemonic.Ucomisd;
        if (!cpu.SseAvailable() || !cpu.ReadSseSource(ref ins, isDouble ? 64 : 32, out var source))
            return cpu.Stopped;
        var env = cpu.SseEnvironment();
        var signaling = ins.Mnemonic is Mnemonic.Comiss or Mnemonic.Comisd;
        var destination = cpu.Xmm(ins.Op0Register);
        var order = isDouble
            ? SoftFloat.Compare(Float64.FromLane(destination, 0), Float64.FromLane(source, 0), signaling, env)
            : SoftFloat.Compare(Float32.FromLane(destination, 0), Float32.FromLane(source, 0), signaling, env);
        if (!cpu.SseComplete(env))
            return cpu.Stopped;
        const ulong arithmetic = Cpu.RFlags.CF | Cpu.RFlags.PF | Cpu.RFlags.AF | Cpu.RFlags.ZF | Cpu.RFlags.SF | Cpu.RFlags.OF;
        cpu._state.RFlags = cpu._state.RFlags & ~arithmetic | FpCompare.ComparisonFlags(order);
        return cpu.Stopped;
    }
}
