using System;
using HvDsl.Runtime;

namespace HvDsl.Machines.Pc.Demos;

/// <summary>A demo guest the project builds from source: what it shows and how to start it.</summary>
/// <param name="Name">The name <c>hvdsl run --demo</c> takes.</param>
/// <param name="Description">One line on what the guest shows.</param>
/// <param name="Mode">The mode the guest starts in.</param>
/// <param name="LoadAddress">Where the image goes in guest-physical memory.</param>
/// <param name="Entry">The first instruction's address.</param>
/// <param name="Builder">Assembles the image.</param>
public sealed record DemoGuest(string Name, string Description, BootMode Mode, ulong LoadAddress, ulong Entry, Func<byte[]> Builder)
{
    /// <summary>Assembles the guest's flat image.</summary>
    public byte[] Build() => Builder();
}
