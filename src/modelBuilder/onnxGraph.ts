/**
 * A few helpers that write ONNX graphs with onnx-proto, for the models we generate ourselves
 * (the bundled static-embedding model and the tiny test BERT). Build-time only: nothing at run time imports it.
 */
import { onnx } from 'onnx-proto';

export type TensorData = Float32Array | Int8Array | Int32Array | BigInt64Array;

const { DataType } = onnx.TensorProto;
const { AttributeType } = onnx.AttributeProto;

/** ONNX element types of the typed arrays we store. */
export const ElementType = {
  float: DataType.FLOAT,
  int8: DataType.INT8,
  int32: DataType.INT32,
  int64: DataType.INT64,
} as const;

function elementTypeOf(data: TensorData): number {
  if (data instanceof Float32Array) return DataType.FLOAT;
  if (data instanceof Int8Array) return DataType.INT8;
  if (data instanceof Int32Array) return DataType.INT32;
  return DataType.INT64;
}

/** A constant tensor stored as little-endian raw bytes (every platform Node runs on is little-endian). */
export function initializer(name: string, dims: readonly number[], data: TensorData): onnx.ITensorProto {
  const expected = dims.reduce((product, d) => product * d, 1);
  if (expected !== data.length) throw new Error(`Initializer ${name}: ${data.length} values for shape [${dims}]`);
  return {
    name,
    dims: [...dims],
    dataType: elementTypeOf(data),
    rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  };
}

/** A graph input or output; string dimensions are symbolic (batch, sequence). */
export function valueInfo(name: string, elementType: number, shape: readonly (number | string)[]): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: elementType,
        shape: { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

export type Attribute = { readonly int: number } | { readonly float: number } | { readonly ints: readonly number[] };

export interface GraphNode {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes?: Readonly<Record<string, Attribute>>;
}

function attributeProto(name: string, value: Attribute): onnx.IAttributeProto {
  if ('int' in value) return { name, type: AttributeType.INT, i: value.int };
  if ('float' in value) return { name, type: AttributeType.FLOAT, f: value.float };
  return { name, type: AttributeType.INTS, ints: [...value.ints] };
}

export interface GraphSpec {
  readonly name: string;
  readonly nodes: readonly GraphNode[];
  readonly initializers: readonly onnx.ITensorProto[];
  readonly inputs: readonly onnx.IValueInfoProto[];
  readonly outputs: readonly onnx.IValueInfoProto[];
  readonly opset: number;
  readonly docString?: string;
}

/** Serialises a single-graph model. The encoding is deterministic: same spec, same bytes. */
export function encodeModel(spec: GraphSpec): Uint8Array {
  const model: onnx.IModelProto = {
    irVersion: 8,
    opsetImport: [{ domain: '', version: spec.opset }],
    producerName: 'topic-lens',
    docString: spec.docString ?? '',
    graph: {
      name: spec.name,
      node: spec.nodes.map((n, index) => ({
        name: `${n.op}_${index}`,
        opType: n.op,
        input: [...n.inputs],
        output: [...n.outputs],
        attribute: Object.entries(n.attributes ?? {}).map(([name, value]) => attributeProto(name, value)),
      })),
      initializer: [...spec.initializers],
      input: [...spec.inputs],
      output: [...spec.outputs],
    },
  };
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}
