using System.IO;
using System.Text;
using System.Threading.Tasks;
using HvDsl.Machines.Pc;

namespace HvDsl.Cli.Tests.Bridge;

/// <summary>The socket-bridge hypercalls as a guest sees them: results in RAX, negative Linux errno values on failure.</summary>
public class SocketBridgeTests
{
    private const uint Connect = 0x110, Read = 0x111, Write = 0x112, Close = 0x113;
    private const ulong BeyondRam = 0x7FFF_0000_0000;

    [Fact]
    public async Task Port_of_a_service_the_machine_does_not_allow_is_refused_with_eperm()
    {
        using var machine = new PcMachine(Stream.Null);
        await using var services = machine.StartServices();

        var results = await new BridgeGuest().Call(0, Connect, 22).RunAsync(machine, 1);

        Assert.Equal(-1, results[0]);
    }

    [Fact]
    public async Task Echo_round_trip_through_the_bridge_returns_the_bytes_written()
    {
        using var machine = new PcMachine(Stream.Null);
        await using var services = machine.StartServices();
        machine.Vm.Memory.Load(BridgeGuest.Data, "ping\n"u8);

        var results = await new BridgeGuest()
            .Call(0, Connect, 7).KeepHandle()
            .Poll(1, Write, null, BridgeGuest.Data, 5)
            .Poll(2, Read, null, BridgeGuest.Data + 0x100, 64)
            .Call(3, Close, null)
            .RunAsync(machine, 4);

        Assert.True(results[0] > 0);
        Assert.Equal([5, 5, 0], results[1..]);
        var echoed = new byte[5];
        Assert.True(machine.Vm.Memory.Read(BridgeGuest.Data + 0x100, echoed));
        Assert.Equal("ping\n", Encoding.ASCII.GetString(echoed));
    }

    [Fact]
    public async Task Buffers_outside_guest_ram_fail_with_efault_and_lose_no_data()
    {
        using var machine = new PcMachine(Stream.Null);
        await using var services = machine.StartServices();

        var results = await new BridgeGuest()
            .Call(0, Connect, 12345).KeepHandle()
            .Poll(1, Read, null, BeyondRam, 64)
            .Poll(2, Write, null, BeyondRam, 64)
            .Poll(3, Read, null, BridgeGuest.Data, 64)
            .RunAsync(machine, 4);

        Assert.Equal([-14, -14], results[1..3]);
        Assert.True(results[3] > 0, "the time line must still be there after the failed read");
    }

    [Fact]
    public async Task Unknown_or_closed_handles_fail_with_ebadf()
    {
        using var machine = new PcMachine(Stream.Null);
        await using var services = machine.StartServices();

        var results = await new BridgeGuest()
            .Call(0, Read, 999, BridgeGuest.Data, 16)
            .Call(1, Connect, 13).KeepHandle()
            .Call(2, Close, null)
            .Call(3, Close, null)
            .RunAsync(machine, 4);

        Assert.Equal(-9, results[0]);
        Assert.Equal([0, -9], results[2..]);
    }
}
