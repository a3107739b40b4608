using System.Runtime.CompilerServices;

namespace HvDsl.Runtime.Cpu;

/// <summary>
/// <see cref="PendingFlags"/> as static calls a translated block makes with its pending operands in locals and the
/// flag source and size as constants, so the JIT folds each call down to the one case it names.
/// </summary>
internal static class TranslatedFlags
{
    /// <summary>RFLAGS with the deferred arithmetic flags filled in, as <see cref="PendingFlags.Resolve(FlagSource, int, ulong, ulong, ulong, ulong)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Resolve(int source, int size, ulong a, ulong b, ulong r, ulong flags) => PendingFlags.Resolve((FlagSource)source, size, a, b, r, flags);

    /// <summary>Whether condition code <paramref name="cc"/> holds, as <see cref="PendingFlags.Condition"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Condition(int source, int size, ulong a, ulong b, ulong r, ulong flags, int cc) =>
        Pending(source, size, a, b, r).Condition(cc, flags);

    /// <summary>CF (0 or 1), as <see cref="PendingFlags.Carry"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Carry(int source, int size, ulong a, ulong b, ulong r, ulong flags) => Pending(source, size, a, b, r).Carry(flags);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static PendingFlags Pending(int source, int size, ulong a, ulong b, ulong r) =>
        new() { Source = (FlagSource)source, Size = (byte)size, A = a, B = b, R = r };
}
