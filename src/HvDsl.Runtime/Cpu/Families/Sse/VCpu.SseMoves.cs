using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    /// <summary>MOVAPS/MOVAPD/MOVDQA (m128 on a 16-byte boundary or #GP(0)) and MOVUPS/MOVUPD/MOVDQU (any alignment): 128 bits unchanged.</summary>
    private static void MoveXmm(VCpu cpu, ref Instruction ins)
    {
        var aligned = ins.Mnemonic is not (Mnemonic.Movups or Mnemonic.Movupd or Mnemonic.Movdqu);
        if (cpu.SseAvailable() && cpu.ReadXmm(ref ins, 1, out var value, aligned))
            cpu.WriteXmm(ref ins, 0, value, aligned);
    }
}
