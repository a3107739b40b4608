namespace HvDsl.Runtime.Cpu.Float;

/// <summary>A stored floating-point format: its shape and how its bits unpack and pack.</summary>
internal interface IFloatEncoding<TSelf> where TSelf : struct, IFloatEncoding<TSelf>
{
    static abstract FpFormat Format { get; }

    /// <summary>The unpacked value; under SSE rules with DAZ a denormal reads as a zero.</summary>
    FpValue Unpack(FpEnvironment env);

    static abstract TSelf Pack(in FpValue value);
}
