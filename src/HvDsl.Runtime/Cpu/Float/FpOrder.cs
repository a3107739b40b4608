namespace HvDsl.Runtime.Cpu.Float;

/// <summary>How two values compare: FCOM's C3/C2/C0 and COMISS's ZF/PF/CF encode the same four outcomes.</summary>
internal enum FpOrder : byte
{
    Greater,
    Less,
    Equal,
    Unordered,
}
