using System.Collections.Generic;
using HvDsl.Runtime.Devices;

namespace HvDsl.Runtime.Tests.Boot;

/// <summary>A port that keeps every value a guest writes to it, as the test guests report what they see.</summary>
internal sealed class DwordSink : IIoDevice
{
    public const ushort Port = 0xE9;

    public List<ulong> Values { get; } = [];

    public ulong Size => 1;

    public ulong Read(ulong offset, int width) => ulong.MaxValue;

    public void Write(ulong offset, int width, ulong value) => Values.Add(value);

    public void Reset() => Values.Clear();

    /// <summary>A sink on <see cref="Port"/> of <paramref name="vm"/>.</summary>
    public static DwordSink On(Vm vm)
    {
        var sink = new DwordSink();
        vm.PortIo.Register(Port, sink);
        return sink;
    }
}
