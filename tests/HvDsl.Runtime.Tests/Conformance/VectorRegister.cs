namespace HvDsl.Runtime.Tests.Conformance;

/// <summary>The 16-bit registers a real-mode vector sets and checks, in the order of the vector files.</summary>
internal enum VectorRegister
{
    Ax, Bx, Cx, Dx, Cs, Ss, Ds, Es, Sp, Bp, Si, Di, Ip, Flags,
}

/// <summary>Names and count of <see cref="VectorRegister"/>.</summary>
internal static class VectorRegisters
{
    public const int Count = 14;

    /// <summary>The register's key in the vector files ("ax", "flags", ...).</summary>
    public static string Name(VectorRegister register) => register.ToString().ToLowerInvariant();
}
