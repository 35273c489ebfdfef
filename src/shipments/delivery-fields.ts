import { IsOptional, Length } from 'class-validator';
import { Field } from 'type-graphql';
import { LocalDateScalar } from '../common/scalars';
import { PlainText } from '../common/text-validation';

/** Several property decorators as one. */
const all =
  (...decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) => {
    for (const decorate of decorators) decorate(target, key);
  };

/** A ShipmentMethod.key, wherever a method is chosen (placing an order, creating or changing a shipment). */
export function MethodKeyField(description: string, options: { nullable?: boolean } = {}): PropertyDecorator {
  return all(
    Field(() => String, { description, nullable: options.nullable }),
    ...(options.nullable ? [IsOptional()] : []),
    Length(1, 64),
    PlainText(),
  );
}

/**
 * A requested delivery date, yyyy-MM-dd, wherever one is asked for. "Today or later" (in the shop's time zone) is
 * checked by the services through delivery-date-policy.ts, which knows the clock.
 */
export function DeliveryDateField(description: string): PropertyDecorator {
  return all(
    Field(() => LocalDateScalar, { nullable: true, description }),
    IsOptional(),
  );
}
