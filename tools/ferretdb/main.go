// The tests' MongoDB-wire server: FerretDB 1.24 (embedded, SQLite backend in -dir), reached on
// -listen through a proxy that hands FerretDB one command at a time.
//
// Why the proxy: FerretDB 1.x runs an update as a read followed by a whole-document write that
// does not check the filter again, so two conditional updates of one document (filtered on a
// version, as a compare-and-set) can both succeed. MongoDB makes every single-document write
// atomic; the store relies on that. With one command at a time, FerretDB gives the same
// guarantee, and the tests check the store's logic against MongoDB's semantics. -serial=false
// exposes FerretDB as it is.
//
// Exits on SIGINT or SIGTERM (and, with -stdin-lifeline, when its stdin closes).
package main

import (
	"context"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

const (
	opMsg          = 2013
	flagMoreToCome = 1 << 1
	maxMessage     = 48_000_000
)

func main() {
	addr := flag.String("listen", "127.0.0.1:27017", "TCP address")
	dir := flag.String("dir", "data", "SQLite folder")
	serial := flag.Bool("serial", true, "one command at a time (single-document atomicity as on MongoDB)")
	lifeline := flag.Bool("stdin-lifeline", false, "also exit when stdin closes (the process that started it is gone)")
	flag.Parse()
	if err := os.MkdirAll(*dir, 0o700); err != nil {
		log.Fatal(err)
	}
	abs, err := filepath.Abs(*dir)
	if err != nil {
		log.Fatal(err)
	}

	listener := ferretdb.ListenerConfig{TCP: *addr}
	socket := filepath.Join(abs, "ferretdb.sock")
	if *serial {
		listener = ferretdb.ListenerConfig{Unix: socket}
	}
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  listener,
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + "/",
		Logger:    slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError})),
	})
	if err != nil {
		log.Fatal(err)
	}

	signals, stopSignals := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stopSignals()
	ctx, stop := context.WithCancel(signals)
	defer stop()
	if *lifeline {
		go func() {
			_, _ = io.Copy(io.Discard, os.Stdin)
			stop()
		}()
	}

	if !*serial {
		if err := f.Run(ctx); err != nil {
			log.Fatal(err)
		}
		return
	}

	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()
	if err := waitForSocket(socket, done); err != nil {
		log.Fatal(err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	go func() {
		<-ctx.Done()
		ln.Close()
	}()
	log.Printf("listening on %s (FerretDB on %s, one command at a time)", *addr, socket)

	var turn sync.Mutex
	for {
		client, err := ln.Accept()
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			log.Fatal(err)
		}
		go proxy(client, socket, &turn)
	}
	if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
		log.Fatal(err)
	}
}

// waitForSocket returns once FerretDB accepts connections on its socket.
func waitForSocket(socket string, done <-chan error) error {
	for i := 0; i < 300; i++ {
		select {
		case err := <-done:
			return fmt.Errorf("ferretdb stopped at start: %v", err)
		default:
		}
		if c, err := net.Dial("unix", socket); err == nil {
			c.Close()
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("ferretdb did not listen on %s", socket)
}

// proxy forwards one client's messages to its own FerretDB connection, each request and its
// reply under the shared lock.
func proxy(client net.Conn, socket string, turn *sync.Mutex) {
	defer client.Close()
	backend, err := net.Dial("unix", socket)
	if err != nil {
		log.Printf("ferretdb: %v", err)
		return
	}
	defer backend.Close()
	for {
		req, err := readMessage(client)
		if err != nil {
			return
		}
		if err := exchange(req, backend, client, turn); err != nil {
			return
		}
	}
}

func exchange(req []byte, backend, client net.Conn, turn *sync.Mutex) error {
	turn.Lock()
	defer turn.Unlock()
	if _, err := backend.Write(req); err != nil {
		return err
	}
	if moreToCome(req) {
		return nil // no reply (an unacknowledged write)
	}
	for {
		res, err := readMessage(backend)
		if err != nil {
			return err
		}
		if _, err := client.Write(res); err != nil {
			return err
		}
		if !moreToCome(res) {
			return nil
		}
	}
}

// readMessage reads one wire protocol message: its length is its first four bytes.
func readMessage(r io.Reader) ([]byte, error) {
	var header [16]byte
	if _, err := io.ReadFull(r, header[:]); err != nil {
		return nil, err
	}
	n := int(binary.LittleEndian.Uint32(header[0:4]))
	if n < 16 || n > maxMessage {
		return nil, fmt.Errorf("bad message length %d", n)
	}
	msg := make([]byte, n)
	copy(msg, header[:])
	if _, err := io.ReadFull(r, msg[16:]); err != nil {
		return nil, err
	}
	return msg, nil
}

func moreToCome(msg []byte) bool {
	if len(msg) < 20 || binary.LittleEndian.Uint32(msg[12:16]) != opMsg {
		return false
	}
	return binary.LittleEndian.Uint32(msg[16:20])&flagMoreToCome != 0
}
