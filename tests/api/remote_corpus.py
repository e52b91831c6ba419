"""Hostile SERVICE and LOAD texts, and a loopback listener that records every connection made to it.

Each text is written with ``{host}`` and ``{port}`` (the listener's address, 127.0.0.1) and
``{port6}`` (the listener on ::1); none of them may make the engine connect to it.
"""

from __future__ import annotations

import socket
import threading

SELECT = "SELECT * {{ SERVICE <http://{host}:{port}/sparql> {{ ?s ?p ?o }} }}"

#: (name, query): SELECT, ASK, CONSTRUCT and DESCRIBE texts that call the listener, or try to.
QUERIES = [
    ("plain", SELECT),
    ("lowercase", "select * {{ service <http://{host}:{port}/sparql> {{ ?s ?p ?o }} }}"),
    ("mixed case", "SeLeCt * {{ SeRvIcE <http://{host}:{port}/sparql> {{ ?s ?p ?o }} }}"),
    ("silent", "SELECT * {{ SERVICE SILENT <http://{host}:{port}/sparql> {{ ?s ?p ?o }} }}"),
    ("silent lowercase", "SELECT * {{ service silent <http://{host}:{port}/sparql> {{ ?s ?p ?o }} }}"),
    ("comment first", "# SERVICE\nSELECT * {{\n SERVICE <http://{host}:{port}/sparql> {{ ?s ?p ?o }} }}"),
    ("comment inside", "SELECT * {{ SERVICE # no\n <http://{host}:{port}/sparql> {{ ?s ?p ?o }} }}"),
    ("tabs and newlines", "SELECT *\t{{\tSERVICE\n\t<http://{host}:{port}/sparql>\r\n{{ ?s ?p ?o }} }}"),
    (
        "pname escape hash",
        "PREFIX e: <http://example.org/> SELECT * {{ BIND(e:a\\#b AS ?q) "
        "SERVICE <http://{host}:{port}/sparql> {{ ?s ?p ?o }} }}",
    ),
    (
        "pname escape quote",
        "PREFIX e: <http://example.org/> SELECT * {{ BIND(e:a\\' AS ?q) "
        "SERVICE <http://{host}:{port}/sparql> {{ ?s ?p ?o }} }}",
    ),
    (
        "pname escape dash",
        "PREFIX e: <http://example.org/> SELECT * {{ BIND(e:a\\-b\\~ AS ?q) "
        "SERVICE <http://{host}:{port}/sparql> {{ ?s ?p ?o }} }}",
    ),
    (
        "pname escapes then newline",
        "PREFIX e: <http://example.org/> SELECT * {{ BIND(e:\\#\\#\\# AS ?q)\n"
        "SERVICE <http://{host}:{port}/sparql> {{ ?s ?p ?o }} }}",
    ),
    ("hash in a string", 'SELECT * {{ BIND("#" AS ?q) SERVICE <http://{host}:{port}/sparql> {{ ?s ?p ?o }} }}'),
    (
        "escaped quote in a string",
        'SELECT * {{ BIND("a\\"#" AS ?q) SERVICE <http://{host}:{port}/sparql> {{ ?s ?p ?o }} }}',
    ),
    (
        "long string",
        'SELECT * {{ BIND("""a "b" # c\n""" AS ?q) SERVICE <http://{host}:{port}/sparql> {{ ?s ?p ?o }} }}',
    ),
    ("single quotes", "SELECT * {{ BIND('it\\'s # x' AS ?q) SERVICE <http://{host}:{port}/sparql> {{ ?s ?p ?o }} }}"),
    (
        "long single quotes",
        "SELECT * {{ BIND('''a ' # b''' AS ?q) SERVICE <http://{host}:{port}/sparql> {{ ?s ?p ?o }} }}",
    ),
    ("u escape in the path", "SELECT * {{ SERVICE <http://{host}:{port}/\\u0073parql> {{ ?s ?p ?o }} }}"),
    ("u escapes in the host", "SELECT * {{ SERVICE <http://\\u0031\\u0032\\u0037.0.0.1:{port}/> {{ ?s ?p ?o }} }}"),
    (
        "U escape in the host",
        "SELECT * {{ SERVICE <http://\\U00000031\\U00000032\\U00000037.0.0.1:{port}/> {{ ?s ?p ?o }} }}",
    ),
    ("u escaped keyword", "SELECT * {{ \\u0053ERVICE <http://{host}:{port}/sparql> {{ ?s ?p ?o }} }}"),
    ("keyword cut by a comment", "SELECT * {{ SERV#\nICE <http://{host}:{port}/sparql> {{ ?s ?p ?o }} }}"),
    ("prefixed endpoint", "PREFIX r: <http://{host}:{port}/> SELECT * {{ SERVICE r:sparql {{ ?s ?p ?o }} }}"),
    ("prefixed, empty local", "PREFIX r: <http://{host}:{port}/> SELECT * {{ SERVICE r: {{ ?s ?p ?o }} }}"),
    ("empty prefix", "PREFIX : <http://{host}:{port}/> SELECT * {{ SERVICE :sparql {{ ?s ?p ?o }} }}"),
    (
        "prefix redefined",
        "PREFIX r: <http://example.org/> PREFIX r: <http://{host}:{port}/> "
        "SELECT * {{ SERVICE r:sparql {{ ?s ?p ?o }} }}",
    ),
    (
        "a predeclared prefix redefined",
        "PREFIX id: <http://{host}:{port}/> SELECT * {{ SERVICE id:sparql {{ ?s ?p ?o }} }}",
    ),
    ("relative with BASE", "BASE <http://{host}:{port}/> SELECT * {{ SERVICE <sparql> {{ ?s ?p ?o }} }}"),
    (
        "two BASEs",
        "BASE <http://example.org/> BASE <http://{host}:{port}/> SELECT * {{ SERVICE <sparql> {{ ?s ?p ?o }} }}",
    ),
    (
        "prefix relative to BASE",
        "BASE <http://{host}:{port}/> PREFIX r: <a/> SELECT * {{ SERVICE r:b {{ ?s ?p ?o }} }}",
    ),
    ("network-path reference", "SELECT * {{ SERVICE <//{host}:{port}/sparql> {{ ?s ?p ?o }} }}"),
    ("subquery", "SELECT * {{ {{ SELECT * {{ SERVICE <http://{host}:{port}/sparql> {{ ?s ?p ?o }} }} }} }}"),
    ("optional", "SELECT * {{ OPTIONAL {{ SERVICE <http://{host}:{port}/sparql> {{ ?s ?p ?o }} }} }}"),
    ("exists", "SELECT * {{ FILTER EXISTS {{ SERVICE <http://{host}:{port}/sparql> {{ ?s ?p ?o }} }} }}"),
    ("not exists", "SELECT * {{ FILTER NOT EXISTS {{ SERVICE <http://{host}:{port}/sparql> {{ ?s ?p ?o }} }} }}"),
    ("exists in a projection", "SELECT (EXISTS {{ SERVICE <http://{host}:{port}/sparql> {{ ?s ?p ?o }} }} AS ?e) {{}}"),
    ("minus", "SELECT * {{ ?x ?y ?z MINUS {{ SERVICE <http://{host}:{port}/sparql> {{ ?x ?p ?o }} }} }} LIMIT 1"),
    ("union", "SELECT * {{ {{ BIND(1 AS ?a) }} UNION {{ SERVICE <http://{host}:{port}/sparql> {{ ?s ?p ?o }} }} }}"),
    ("graph", "SELECT * {{ GRAPH ?g {{ SERVICE <http://{host}:{port}/sparql> {{ ?s ?p ?o }} }} }}"),
    (
        "nested services",
        "SELECT * {{ SERVICE <http://{host}:{port}/a> {{ SERVICE <http://{host}:{port}/b> {{ ?s ?p ?o }} }} }}",
    ),
    (
        "variable endpoint, VALUES",
        "SELECT * {{ VALUES ?e {{ <http://{host}:{port}/sparql> }} SERVICE ?e {{ ?s ?p ?o }} }}",
    ),
    ("variable endpoint, BIND", "SELECT * {{ BIND(<http://{host}:{port}/sparql> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}"),
    ("ask", "ASK {{ SERVICE <http://{host}:{port}/sparql> {{ ?s ?p ?o }} }}"),
    ("construct", "CONSTRUCT WHERE {{ SERVICE <http://{host}:{port}/sparql> {{ ?s ?p ?o }} }}"),
    ("describe", "DESCRIBE ?s WHERE {{ SERVICE <http://{host}:{port}/sparql> {{ ?s ?p ?o }} }}"),
    ("https", "SELECT * {{ SERVICE <https://{host}:{port}/sparql> {{ ?s ?p ?o }} }}"),
    ("upper-case scheme", "SELECT * {{ SERVICE <HTTP://{host}:{port}/sparql> {{ ?s ?p ?o }} }}"),
    ("localhost", "SELECT * {{ SERVICE <http://localhost:{port}/sparql> {{ ?s ?p ?o }} }}"),
    ("localhost with a dot", "SELECT * {{ SERVICE <http://localhost.:{port}/sparql> {{ ?s ?p ?o }} }}"),
    ("decimal address", "SELECT * {{ SERVICE <http://2130706433:{port}/sparql> {{ ?s ?p ?o }} }}"),
    ("hexadecimal address", "SELECT * {{ SERVICE <http://0x7f000001:{port}/sparql> {{ ?s ?p ?o }} }}"),
    ("short address", "SELECT * {{ SERVICE <http://127.1:{port}/sparql> {{ ?s ?p ?o }} }}"),
    ("IPv4-mapped IPv6", "SELECT * {{ SERVICE <http://[::ffff:127.0.0.1]:{port}/sparql> {{ ?s ?p ?o }} }}"),
    ("IPv6 loopback", "SELECT * {{ SERVICE <http://[::1]:{port6}/sparql> {{ ?s ?p ?o }} }}"),
    ("user info", "SELECT * {{ SERVICE <http://allowed.example@{host}:{port}/sparql> {{ ?s ?p ?o }} }}"),
    ("fragment", "SELECT * {{ SERVICE <http://{host}:{port}/sparql#allowed.example> {{ ?s ?p ?o }} }}"),
    (
        "hash in an IRI, a line for rdflib",
        "SELECT * {{ FILTER(<http://a.example/#> != <c>) "
        "SERVICE <http://{host}:{port}/sparql> {{ ?s ?p ?o }} FILTER(?q\n>= <b>) }}",
    ),
    (
        "hash in a prefix IRI",
        "PREFIX r: <http://a.example/#> SELECT * WHERE {{ SERVICE <http://{host}:{port}/sparql> {{ ?s r:p ?o }} }}",
    ),
    ("FROM an outside graph", "SELECT * FROM <http://{host}:{port}/data.ttl> {{ ?s ?p ?o }}"),
    (
        "FROM NAMED an outside graph",
        "SELECT * FROM NAMED <http://{host}:{port}/data.ttl> {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    ),
]

#: (name, update): updates that load from, or query, the listener.
UPDATES = [
    ("load", "LOAD <http://{host}:{port}/data.ttl>"),
    ("load silent into a graph", "LOAD SILENT <http://{host}:{port}/data.ttl> INTO GRAPH <http://example.org/g>"),
    ("load lowercase", "load <http://{host}:{port}/data.ttl>"),
    ("load prefixed", "PREFIX r: <http://{host}:{port}/> LOAD r:data.ttl"),
    ("load relative with BASE", "BASE <http://{host}:{port}/> LOAD <data.ttl>"),
    ("load u escapes", "LOAD <http://\\u0031\\u0032\\u0037.0.0.1:{port}/data.ttl>"),
    (
        "load after a pname escape",
        "PREFIX e: <http://example.org/> INSERT DATA {{ e:a\\#b e:p e:o }} ;\nLOAD <http://{host}:{port}/data.ttl>",
    ),
    ("load as a second operation", "CLEAR SILENT GRAPH <http://example.org/g> ; LOAD <http://{host}:{port}/data.ttl>"),
    ("insert where service", "INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <http://{host}:{port}/sparql> {{ ?s ?p ?o }} }}"),
    (
        "insert where service silent",
        "INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE SILENT <http://{host}:{port}/sparql> {{ ?s ?p ?o }} }}",
    ),
    (
        "delete insert optional service",
        "DELETE {{ ?s ?p ?o }} INSERT {{ ?s ?p 1 }} WHERE {{ OPTIONAL {{ "
        "SERVICE <http://{host}:{port}/sparql> {{ ?s ?p ?o }} }} }}",
    ),
    (
        "with graph, service",
        "WITH <http://example.org/g> INSERT {{ ?s ?p ?o }} WHERE {{ "
        "SERVICE <http://{host}:{port}/sparql> {{ ?s ?p ?o }} }}",
    ),
    (
        "pname escape then service",
        "PREFIX e: <http://example.org/> INSERT {{ e:a\\#b e:p ?o }} WHERE {{ "
        "SERVICE <http://{host}:{port}/sparql> {{ ?s ?p ?o }} }}",
    ),
    (
        "exists service",
        "INSERT {{ <http://example.org/a> <http://example.org/p> 1 }} WHERE {{ FILTER EXISTS {{ "
        "SERVICE <http://{host}:{port}/sparql> {{ ?s ?p ?o }} }} }}",
    ),
]


class Listener:
    """TCP listeners on 127.0.0.1 and ::1 that accept, record and close every connection."""

    def __init__(self) -> None:
        self.connections: list[tuple] = []
        self._sockets = [socket.create_server(("127.0.0.1", 0))]
        try:
            self._sockets.append(socket.create_server(("::1", 0), family=socket.AF_INET6))
        except OSError:  # no IPv6 on this machine: that variant then goes to a closed port
            pass
        self.port = self._sockets[0].getsockname()[1]
        self.port6 = self._sockets[1].getsockname()[1] if len(self._sockets) > 1 else self.port
        for sock in self._sockets:
            threading.Thread(target=self._accept, args=(sock,), daemon=True).start()

    def _accept(self, sock: socket.socket) -> None:
        while True:
            try:
                connection, peer = sock.accept()
            except OSError:  # closed
                return
            self.connections.append(peer)
            connection.close()

    def text(self, template: str) -> str:
        return template.format(host="127.0.0.1", port=self.port, port6=self.port6)

    def close(self) -> None:
        for sock in self._sockets:
            sock.close()
