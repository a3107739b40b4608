namespace HvDsl.Runtime.Cpu;

/// <summary>GDTR or IDTR: a linear base and a byte limit.</summary>
/// <param name="Base">Linear base address.</param>
/// <param name="Limit">Limit in bytes (size - 1).</param>
public readonly record struct DescriptorTableRegister(ulong Base, ushort Limit);
