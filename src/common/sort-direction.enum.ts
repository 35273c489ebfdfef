import { registerEnumType } from 'type-graphql';

export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}

registerEnumType(SortDirection, {
  name: 'SortDirection',
  description: 'Direction of a sort.',
  valuesConfig: {
    ASC: { description: 'Smallest, oldest or first in the alphabet first.' },
    DESC: { description: 'Largest, newest or last in the alphabet first.' },
  },
});
