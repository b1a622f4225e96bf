using AttachKit.Agent.Descriptors;

namespace AttachKit.Agent.Tests.Descriptors;

public class SocketTableTests
{
    [Fact]
    public void AListeningTcpLineGivesItsAddressAndNoPeer()
    {
        var line = "   3: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 40213 1 0000000000000000 100 0 0 10 0";

        var (inode, entry) = SocketTable.ParseInet(line, DescriptorKinds.Tcp)!.Value;

        Assert.Equal(40213UL, inode);
        Assert.Equal(new SocketEntry(DescriptorKinds.Tcp, "127.0.0.1:8080", null, "LISTEN", true), entry);
    }

    [Fact]
    public void AnEstablishedTcp6LineGivesBothEnds()
    {
        var line = "   0: 00000000000000000000000001000000:A2F4 00000000000000000000000001000000:1F90 01 00000000:00000000 00:00000000 00000000  1000        0 52017 1 0000000000000000 20 4 30 10 -1";

        var (_, entry) = SocketTable.ParseInet(line, DescriptorKinds.Tcp)!.Value;

        Assert.Equal(new SocketEntry(DescriptorKinds.Tcp, "[::1]:41716", "[::1]:8080", "ESTABLISHED", false), entry);
    }

    [Fact]
    public void AUdpLineHasNoStateAndIsNeverListening()
    {
        var line = "  715: 00000000:14E9 00000000:0000 07 00000000:00000000 00:00000000 00000000   105        0 19872 2 0000000000000000 0";

        var (_, entry) = SocketTable.ParseInet(line, DescriptorKinds.Udp)!.Value;

        Assert.Equal(new SocketEntry(DescriptorKinds.Udp, "0.0.0.0:5353", null, null, false), entry);
    }

    [Fact]
    public void AUnixLineKeepsAPathWithSpacesAndTellsListeningFromConnected()
    {
        var listening = SocketTable.ParseUnix("0000000000000000: 00000002 00000000 00010000 0001 01   812 /run/my app/api.sock")!.Value;
        var connected = SocketTable.ParseUnix("0000000000000000: 00000003 00000000 00000000 0001 03 53233 @abstract-name")!.Value;
        var unnamed = SocketTable.ParseUnix("0000000000000000: 00000003 00000000 00000000 0001 03 53234")!.Value;

        Assert.Equal((812UL, new SocketEntry(DescriptorKinds.Unix, "/run/my app/api.sock", null, "LISTEN", true)), listening);
        Assert.Equal((53233UL, new SocketEntry(DescriptorKinds.Unix, "@abstract-name", null, "CONNECTED", false)), connected);
        Assert.Equal((53234UL, new SocketEntry(DescriptorKinds.Unix, null, null, "CONNECTED", false)), unnamed);
    }

    [Fact]
    public void HeaderAndMalformedLinesAreSkipped()
    {
        Assert.Null(SocketTable.ParseInet("  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode", DescriptorKinds.Tcp));
        Assert.Null(SocketTable.ParseUnix("Num       RefCount Protocol Flags    Type St Inode Path"));
    }

    [Fact]
    public void OnlyTheInodesAskedForAreKept()
    {
        var directory = Directory.CreateTempSubdirectory("aknet-").FullName;
        try
        {
            File.WriteAllLines(Path.Combine(directory, "tcp"), [
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
                "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 111 1 0 100 0 0 10 0",
                "   1: 0100007F:1F91 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 222 1 0 100 0 0 10 0",
            ]);

            var found = SocketTable.Find(new HashSet<ulong> { 222 }, directory);

            Assert.Equal("127.0.0.1:8081", Assert.Single(found).Value.Local);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
