using Iced.Intel;

namespace HvDsl.Runtime.Tests.Differential;

/// <summary>Optional instructions the host processor implements, asked of CPUID through a native thunk.</summary>
internal static class HostFeatures
{
    /// <summary>POPCNT: CPUID.1:ECX bit 23.</summary>
    public static bool Popcnt { get; } = (Cpuid(1, 0).Rcx & (1UL << 23)) != 0;

    /// <summary>LZCNT (ABM): CPUID.80000001h:ECX bit 5; without it the encoding runs as BSR.</summary>
    public static bool Lzcnt { get; } = (Cpuid(0x8000_0001, 0).Rcx & (1UL << 5)) != 0;

    /// <summary>SSE4.1 (ROUNDSS/ROUNDSD): CPUID.1:ECX bit 19.</summary>
    public static bool Sse41 { get; } = (Cpuid(1, 0).Rcx & (1UL << 19)) != 0;

    /// <summary>The processor's brand string, CPUID leaves 80000002h-80000004h.</summary>
    public static string Brand { get; } = ReadBrand();

    private static CpuState Cpuid(uint leaf, uint subLeaf)
    {
        using var thunk = new NativeThunk(Instruction.Create(Code.Cpuid));
        var state = new CpuState { Rax = leaf, Rcx = subLeaf, Flags = 2 };
        thunk.Run(ref state);
        return state;
    }

    private static string ReadBrand()
    {
        var text = new System.Text.StringBuilder();
        for (uint leaf = 0x8000_0002; leaf <= 0x8000_0004; leaf++)
        {
            CpuState s = Cpuid(leaf, 0);
            foreach (ulong register in new[] { s.Rax, s.Rbx, s.Rcx, s.Rdx })
                for (int i = 0; i < 4; i++)
                    text.Append((char)((register >> (8 * i)) & 0xFF));
        }
        return text.ToString().TrimEnd('\0').Trim();
    }
}
